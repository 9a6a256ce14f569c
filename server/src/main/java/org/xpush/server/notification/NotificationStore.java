package org.xpush.server.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Notifications and their per-device delivery state in the database (migration {@code V2__notifications.sql}).
 * Every method blocks on JDBC: call from a worker or virtual thread. Thread-safe.
 */
public final class NotificationStore {

    /** Per-device delivery states of the {@code deliveries} table. */
    public enum State { PENDING, SENT, ACKED, DELIVERED, FAILED, EXPIRED, COLLAPSED;

        String db() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static State fromDb(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};
    private static final TypeReference<List<String>> LIST = new TypeReference<>() {};
    private static final String COLUMNS = "n.seq, n.id, n.target_kind, n.target_value, n.title, n.message, n.uri,"
            + " n.data_json, n.priority, n.collapse_key, n.ttl_seconds, n.created_at, n.expires_at, n.api_key_id, n.targeted";

    /**
     * Names per lookup query. Small on purpose: H2 finds the rows of {@code username = ANY(:names)} by index but
     * then compares each row found with every name of the array again, so the cost grows with the square of it.
     */
    private static final int LOOKUP_CHUNK = 100;

    private final Jdbi jdbi;

    public NotificationStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What to insert: the request resolved to devices (for user/users/alias) or a device count (tag/all). */
    record Draft(String id, NotificationRequest request, Instant created, String apiKeyId, String idempotencyKey,
            List<String> devices, int targeted) {}

    /**
     * Stores one notification, its delivery rows for direct targets, and applies its collapse key, in one
     * transaction: when this returns, the notification survives a crash.
     */
    Notification insert(Draft d) {
        return insertAll(List.of(d)).get(0);
    }

    /**
     * Stores notifications in the order given, with their delivery rows and collapse keys, in one transaction
     * (one commit for all: the group commit of {@link NotificationWriter}). Seqs ascend in list order. When this
     * returns, every one of them survives a crash; when it throws, none was stored.
     */
    List<Notification> insertAll(List<Draft> drafts) {
        return jdbi.inTransaction(h -> {
            List<Long> seqs = insertRows(h, drafts);
            List<Notification> stored = new ArrayList<>(drafts.size());
            for (int i = 0; i < drafts.size(); i++) {
                Draft d = drafts.get(i);
                NotificationRequest r = d.request();
                stored.add(new Notification(seqs.get(i), d.id(), r.target(), r.title(), r.message(), r.uri(), r.data(),
                        r.priority(), r.collapseKey(), r.ttl().toSeconds(), d.created(), d.created().plus(r.ttl()),
                        d.apiKeyId(), d.targeted()));
            }
            insertDeliveries(h.getConnection(), drafts, seqs);
            // in seq order, after every row exists: each collapses all older ones, as if inserted one by one
            for (int i = 0; i < drafts.size(); i++) {
                NotificationRequest r = drafts.get(i).request();
                if (r.collapseKey() != null) collapse(h, seqs.get(i), r, drafts.get(i).devices());
            }
            return stored;
        });
    }

    private static final String INSERT_COLUMNS = "id, target_kind, target_value, title, message, uri, data_json,"
            + " priority, collapse_key, ttl_seconds, created_at, expires_at, api_key_id, idempotency_key, targeted";
    private static final String INSERT_PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

    /** Whether the database is PostgreSQL; read from the first connection used. */
    private volatile Boolean postgres;

    /**
     * Inserts the notification rows and returns their seqs, ascending in list order. Plain JDBC: this is the
     * group commit's hot path, and Jdbi's per-argument binding (type lookup per value) cost more CPU here than
     * the rest of the statement preparation.
     *
     * <p>On PostgreSQL the seqs are drawn from the identity's sequence first, so the insert needs no RETURNING
     * and pgjdbc sends it as multi-row INSERTs ({@code reWriteBatchedInserts}, set by {@code Database}): at 500
     * rows a batch this is the difference between one statement per row and a handful. H2, in process, gets the
     * generated keys back from its batch, matched by id.
     */
    private List<Long> insertRows(Handle h, List<Draft> drafts) {
        Connection c = h.getConnection();
        try {
            if (isPostgres(h)) {
                List<Long> seqs = h.createQuery("SELECT nextval(pg_get_serial_sequence('notifications', 'seq'))"
                                + " FROM generate_series(1, :n)")
                        .bind("n", drafts.size()).mapTo(Long.class).list();
                seqs = seqs.stream().sorted().toList();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO notifications (seq, " + INSERT_COLUMNS
                        + ") VALUES (?, " + INSERT_PLACEHOLDERS + ")")) {
                    for (int i = 0; i < drafts.size(); i++) {
                        ps.setLong(1, seqs.get(i));
                        bindRow(ps, 2, drafts.get(i));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return seqs;
            }
            Map<String, Long> seqById = new HashMap<>(drafts.size() * 2);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO notifications (" + INSERT_COLUMNS + ") VALUES ("
                    + INSERT_PLACEHOLDERS + ")", new String[] {"seq", "id"})) {
                for (Draft d : drafts) {
                    bindRow(ps, 1, d);
                    ps.addBatch();
                }
                ps.executeBatch();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    while (keys.next()) seqById.put(keys.getString("id"), keys.getLong("seq"));
                }
            }
            List<Long> seqs = new ArrayList<>(drafts.size());
            for (Draft d : drafts) {
                Long seq = seqById.get(d.id());
                if (seq == null) throw new IllegalStateException("the database returned no key for notification " + d.id());
                seqs.add(seq);
            }
            return seqs;
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException("storing " + drafts.size() + " notifications failed", e, null);
        }
    }

    /** One pending delivery row per device of each draft (plain JDBC, as {@link #insertRows}). */
    private static void insertDeliveries(Connection c, List<Draft> drafts, List<Long> seqs) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO deliveries (username, notification_seq, state,"
                + " collapse_key) VALUES (?, ?, 'pending', ?)")) {
            int rows = 0;
            for (int i = 0; i < drafts.size(); i++) {
                String collapseKey = drafts.get(i).request().collapseKey();
                for (String u : drafts.get(i).devices()) {
                    ps.setString(1, u);
                    ps.setLong(2, seqs.get(i));
                    ps.setString(3, collapseKey);
                    ps.addBatch();
                    rows++;
                }
            }
            if (rows > 0) ps.executeBatch();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException("storing delivery rows failed", e, null);
        }
    }

    /** Binds a draft's columns, in {@link #INSERT_COLUMNS} order, from parameter {@code first} on. */
    private static void bindRow(PreparedStatement ps, int first, Draft d) throws SQLException {
        NotificationRequest r = d.request();
        int i = first;
        ps.setString(i++, d.id());
        ps.setString(i++, r.target().kind());
        ps.setString(i++, storedValue(r.target()));
        ps.setString(i++, r.title());
        ps.setString(i++, r.message());
        ps.setString(i++, r.uri());
        ps.setString(i++, r.data().isEmpty() ? null : toJson(r.data()));
        ps.setString(i++, r.priority().wireName());
        ps.setString(i++, r.collapseKey());
        ps.setInt(i++, (int) r.ttl().toSeconds());
        ps.setObject(i++, utc(d.created()));
        ps.setObject(i++, utc(d.created().plus(r.ttl())));
        ps.setString(i++, d.apiKeyId());
        ps.setString(i++, d.idempotencyKey());
        ps.setInt(i, d.targeted());
    }

    private boolean isPostgres(Handle h) {
        Boolean pg = postgres;
        if (pg == null) {
            try {
                pg = "PostgreSQL".equals(h.getConnection().getMetaData().getDatabaseProductName());
            } catch (SQLException e) {
                throw new ConnectionException(e);
            }
            postgres = pg;
        }
        return pg;
    }

    /** A newer notification with the same collapse key replaces older ones that were not yet sent (DESIGN §3.4). */
    private static void collapse(Handle h, long seq, NotificationRequest r, List<String> devices) {
        if (r.target().fanOut()) {
            h.createUpdate("UPDATE notifications SET replaced_by = :seq WHERE collapse_key = :k AND target_kind = :kind"
                            + " AND " + (r.target().value() == null ? "target_value IS NULL" : "target_value = :value")
                            + " AND replaced_by IS NULL AND seq < :seq")
                    .bind("seq", seq).bind("k", r.collapseKey()).bind("kind", r.target().kind())
                    .bind("value", r.target().value())
                    .execute();
            return;
        }
        for (String u : devices) {
            h.createUpdate("UPDATE deliveries SET state = 'collapsed' WHERE username = :u AND collapse_key = :k"
                            + " AND state = 'pending' AND notification_seq < :seq")
                    .bind("u", u).bind("k", r.collapseKey()).bind("seq", seq).execute();
        }
    }

    /** The notification with this public id. */
    public Optional<Notification> findById(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM notifications n WHERE n.id = :id")
                .bind("id", id).map(NotificationStore::map).findOne());
    }

    /** The notification an API key sent earlier with this Idempotency-Key. */
    Optional<Notification> findByIdempotencyKey(String apiKeyId, String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM notifications n"
                        + " WHERE n.api_key_id = :k AND n.idempotency_key = :i")
                .bind("k", apiKeyId).bind("i", key).map(NotificationStore::map).findOne());
    }

    /** Notifications newest first, before {@code beforeSeq} (null for the newest page). */
    public List<Notification> history(Long beforeSeq, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM notifications n"
                        + (beforeSeq == null ? "" : " WHERE n.seq < :before") + " ORDER BY n.seq DESC LIMIT :limit")
                .bind("before", beforeSeq).bind("limit", limit).map(NotificationStore::map).list());
    }

    /**
     * What a device still has to receive, oldest first: its direct deliveries in the given states, and the
     * broadcast/tag notifications after its fan-out cursor (not replaced, not expired, sent after its account
     * was created, tags as they are now).
     */
    List<Notification> pendingFor(String username, boolean acknowledges, long fanoutCursor, Instant now, int limit) {
        return pendingFor(username, acknowledges, fanoutCursor, 0, now, limit);
    }

    /**
     * {@link #pendingFor(String, boolean, long, Instant, int)} after {@code afterSeq}: the next page of a backlog,
     * so a page is never read twice while the outcomes of the previous one are still being written.
     */
    List<Notification> pendingFor(String username, boolean acknowledges, long fanoutCursor, long afterSeq, Instant now,
            int limit) {
        String states = acknowledges ? "('pending','sent')" : "('pending')";
        String sql = "SELECT * FROM ("
                + " SELECT " + COLUMNS + " FROM notifications n JOIN deliveries d ON d.notification_seq = n.seq"
                + "  WHERE d.username = :u AND d.state IN " + states + " AND n.expires_at > :now AND n.seq > :after"
                + " UNION ALL"
                + " SELECT " + COLUMNS + " FROM notifications n"
                + "  WHERE n.seq > :cursor AND n.seq > :after AND n.expires_at > :now AND n.replaced_by IS NULL"
                + "  AND n.created_at >= (SELECT a.created_at FROM accounts a WHERE a.username = :u)"
                + "  AND (n.target_kind = 'all' OR (n.target_kind = 'tag'"
                + "       AND n.target_value IN (SELECT t.tag FROM device_tags t WHERE t.username = :u)))"
                + ") p ORDER BY seq LIMIT :limit";
        return jdbi.withHandle(h -> h.createQuery(sql)
                .bind("u", username).bind("now", utc(now)).bind("cursor", fanoutCursor).bind("after", afterSeq)
                .bind("limit", limit)
                .map(NotificationStore::map).list());
    }

    /** Counts per device state for a direct notification; fan-out counters for broadcast/tag. */
    public DeliveryCounts counts(Notification n, Instant now) {
        return jdbi.withHandle(h -> {
            boolean expired = n.expiredAt(now);
            if (n.target().fanOut()) {
                int[] c = h.createQuery("SELECT delivered_count, acked_count, failed_count FROM notifications WHERE seq = :s")
                        .bind("s", n.seq()).map((rs, ctx) -> new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3)}).one();
                int rest = Math.max(0, n.targeted() - c[0]);
                return new DeliveryCounts(n.targeted(), c[0], c[1], c[2], expired ? rest : 0, expired ? 0 : rest);
            }
            Map<State, Integer> by = new EnumMap<>(State.class);
            h.createQuery("SELECT state, COUNT(*) FROM deliveries WHERE notification_seq = :s GROUP BY state")
                    .bind("s", n.seq())
                    .map((rs, ctx) -> Map.entry(State.fromDb(rs.getString(1)), rs.getInt(2)))
                    .forEach(e -> by.put(e.getKey(), e.getValue()));
            int acked = by.getOrDefault(State.ACKED, 0);
            int failed = by.getOrDefault(State.FAILED, 0);
            int delivered = acked + failed + by.getOrDefault(State.DELIVERED, 0);
            int waiting = by.getOrDefault(State.PENDING, 0) + by.getOrDefault(State.SENT, 0);
            int gone = by.getOrDefault(State.EXPIRED, 0) + by.getOrDefault(State.COLLAPSED, 0) + (expired ? waiting : 0);
            int targeted = delivered + waiting + by.getOrDefault(State.EXPIRED, 0) + by.getOrDefault(State.COLLAPSED, 0);
            return new DeliveryCounts(targeted, delivered, acked, failed, gone, expired ? 0 : waiting);
        });
    }

    // ---- batched writes from the delivery path ---------------------------------------------------------------

    /** Applies a batch of delivery outcomes in one transaction (see {@link DeliveryRecorder}). */
    void apply(Collection<DeliveryRecorder.Outcome> outcomes, Map<Long, int[]> fanoutDeltas, Map<String, Long> cursors,
            Collection<String> acknowledging) {
        jdbi.useTransaction(h -> {
            if (!outcomes.isEmpty()) updateDeliveries(h.getConnection(), outcomes);
            if (!fanoutDeltas.isEmpty()) {
                PreparedBatch b = h.prepareBatch("UPDATE notifications SET delivered_count = delivered_count + :d,"
                        + " acked_count = acked_count + :a, failed_count = failed_count + :f WHERE seq = :seq");
                for (Map.Entry<Long, int[]> e : fanoutDeltas.entrySet()) {
                    int[] v = e.getValue();
                    b.bind("d", v[0]).bind("a", v[1]).bind("f", v[2]).bind("seq", e.getKey()).add();
                }
                b.execute();
            }
            if (!cursors.isEmpty()) updateCursors(h.getConnection(), cursors);
            if (!acknowledging.isEmpty()) {
                PreparedBatch b = h.prepareBatch("UPDATE devices SET acknowledges = TRUE WHERE username = :u AND acknowledges = FALSE");
                for (String u : acknowledging) b.bind("u", u).add();
                b.execute();
            }
        });
    }

    /**
     * Moves devices' fan-out cursors forward (never back). One statement per device, batched: on H2 a
     * {@code username = ANY(:names)} update, though it finds the rows by index, compares every row found with
     * every name again (quadratic in the names). Plain JDBC: after a broadcast there is one per online device.
     */
    private static void updateCursors(Connection c, Map<String, Long> cursors) {
        executeBatch(c, "UPDATE devices SET fanout_cursor = ? WHERE username = ? AND fanout_cursor < ?",
                cursors.entrySet(), (ps, e) -> {
                    ps.setLong(1, e.getValue());
                    ps.setString(2, e.getKey());
                    ps.setLong(3, e.getValue());
                }, "fan-out cursors");
    }

    /**
     * One row update per outcome, never moving a final state back (only pending/sent rows change). Plain JDBC: at
     * one outcome per delivery this is as hot as the inserts (see {@link #insertRows}).
     */
    private static void updateDeliveries(Connection c, Collection<DeliveryRecorder.Outcome> outcomes) {
        executeBatch(c, "UPDATE deliveries SET state = ? WHERE username = ? AND notification_seq = ?"
                + " AND state IN ('pending','sent')", outcomes, (ps, o) -> {
                    ps.setString(1, o.state().db());
                    ps.setString(2, o.username());
                    ps.setLong(3, o.seq());
                }, "delivery outcomes");
    }

    /** Binds one row's parameters. */
    @FunctionalInterface
    private interface RowBinder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    /**
     * Runs {@code sql} once per row as one JDBC batch (the recorder's hot writes: plain JDBC, without Jdbi's
     * per-argument binding). A failure becomes Jdbi's {@link UnableToExecuteStatementException}, naming
     * {@code what}, as from the rest of the store.
     */
    private static <T> void executeBatch(Connection c, String sql, Collection<T> rows, RowBinder<T> binder, String what) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (T row : rows) {
                binder.bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException("writing " + rows.size() + " " + what + " failed", e, null);
        }
    }

    // ---- expiry ------------------------------------------------------------------------------------------------

    /** Marks direct deliveries whose notification expired and were not received as expired; returns how many. */
    int expire(Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE deliveries SET state = 'expired' WHERE state IN ('pending','sent')"
                        + " AND notification_seq IN (SELECT seq FROM notifications WHERE expires_at <= :now)")
                .bind("now", utc(now)).execute());
    }

    /** Deletes notifications (and their delivery rows) that expired before {@code before}; returns how many. */
    int purge(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM notifications WHERE expires_at < :before")
                .bind("before", utc(before)).execute());
    }

    // ---- target resolution ---------------------------------------------------------------------------------------

    /** Of these user names, those that have no account. */
    Set<String> unknownAccounts(Collection<String> names) {
        Set<String> unknown = new LinkedHashSet<>(names);
        List<String> all = List.copyOf(unknown);
        jdbi.useHandle(h -> {
            for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
                // one statement text whatever the count, so the database parses and plans it once
                h.createQuery("SELECT username FROM accounts WHERE username = ANY(:names)")
                        .bindArray("names", String.class, chunk).mapTo(String.class).forEach(unknown::remove);
            }
        });
        return unknown;
    }

    /** Number of accounts (the devices a broadcast targets). */
    int countAccounts() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM accounts").mapTo(Integer.class).one());
    }

    // ---- mapping -------------------------------------------------------------------------------------------------

    private static Notification map(ResultSet rs, StatementContext ctx) throws SQLException {
        String data = rs.getString("data_json");
        return new Notification(
                rs.getLong("seq"),
                rs.getString("id"),
                target(rs.getString("target_kind"), rs.getString("target_value")),
                rs.getString("title"),
                rs.getString("message"),
                rs.getString("uri"),
                data == null ? Map.of() : fromJson(data),
                Priority.parse(rs.getString("priority")),
                rs.getString("collapse_key"),
                rs.getInt("ttl_seconds"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                rs.getString("api_key_id"),
                rs.getInt("targeted"));
    }

    /** The stored target value: the name, or for a users target a JSON array (names may contain commas). */
    private static String storedValue(Target t) {
        if (!(t instanceof Target.Users users)) return t.value();
        try {
            return JSON.writeValueAsString(users.names());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("user names cannot be written as JSON", e);
        }
    }

    private static Target target(String kind, String value) {
        if (!"users".equals(kind)) return Target.of(kind, value, List.of());
        try {
            return Target.of(kind, null, JSON.readValue(value, LIST));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored users target is not JSON", e);
        }
    }

    private static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static String toJson(Map<String, String> data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("data cannot be written as JSON", e);
        }
    }

    private static Map<String, String> fromJson(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored data is not JSON", e);
        }
    }
}
