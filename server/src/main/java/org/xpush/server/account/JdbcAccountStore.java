package org.xpush.server.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/**
 * {@link AccountStore} on the {@code accounts} table (migration {@code V1__accounts.sql}), for H2 and
 * PostgreSQL alike.
 *
 * <p>Every method blocks on JDBC: call it from a worker or virtual thread, never from a Netty event loop.
 * The class is thread-safe and keeps no state besides the {@link Jdbi}. Database failures other than those
 * the contract answers with {@code false} surface as Jdbi's unchecked {@link JdbiException}.
 */
public final class JdbcAccountStore implements AccountStore {

    /** SQL state of a unique (here: primary key) violation, the same on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";

    /** Escape character for LIKE patterns; not the backslash, whose meaning in literals differs by setting. */
    private static final char LIKE_ESCAPE = '!';

    private static final String COLUMNS = "username,"
            + " scram_sha1_salt, scram_sha1_iterations, scram_sha1_stored_key, scram_sha1_server_key,"
            + " scram_sha256_salt, scram_sha256_iterations, scram_sha256_stored_key, scram_sha256_server_key,"
            + " created_at";

    private static final String INSERT = "INSERT INTO accounts (" + COLUMNS + ") VALUES (:username,"
            + " :sha1Salt, :sha1Iterations, :sha1StoredKey, :sha1ServerKey,"
            + " :sha256Salt, :sha256Iterations, :sha256StoredKey, :sha256ServerKey,"
            + " :createdAt)";

    private static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM accounts WHERE username = :username";

    private static final String UPDATE_CREDENTIALS = "UPDATE accounts SET"
            + " scram_sha1_salt = :sha1Salt, scram_sha1_iterations = :sha1Iterations,"
            + " scram_sha1_stored_key = :sha1StoredKey, scram_sha1_server_key = :sha1ServerKey,"
            + " scram_sha256_salt = :sha256Salt, scram_sha256_iterations = :sha256Iterations,"
            + " scram_sha256_stored_key = :sha256StoredKey, scram_sha256_server_key = :sha256ServerKey"
            + " WHERE username = :username";

    private static final String DELETE = "DELETE FROM accounts WHERE username = :username";

    private static final String COUNT = "SELECT COUNT(*) FROM accounts";

    private final Jdbi jdbi;
    private final Clock clock;
    /** Null until {@link #codePointOrder()} asked the database. */
    private volatile Boolean codePointOrder;

    /** A store whose accounts are stamped with the system clock. */
    public JdbcAccountStore(Jdbi jdbi) {
        this(jdbi, Clock.systemUTC());
    }

    /** @param clock gives {@link Account#created()} of new accounts */
    public JdbcAccountStore(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Inserts the row and lets the primary key decide a race: of concurrent creates of one name exactly one
     * returns true, the others see the unique violation (SQL state 23505) and return false. Blocks.
     */
    @Override
    public boolean create(String username, ScramCredentials sha1, ScramCredentials sha256) {
        Objects.requireNonNull(username, "username");
        // Microseconds: what both H2 and PostgreSQL keep, so that find() returns exactly this instant.
        OffsetDateTime created =
                OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        try {
            jdbi.useHandle(handle -> bindCredentials(handle.createUpdate(INSERT), username, sha1, sha256)
                    .bind("createdAt", created)
                    .execute());
            return true;
        } catch (JdbiException e) {
            if (isUniqueViolation(e)) return false;
            throw e;
        }
    }

    /** Blocks. */
    @Override
    public Optional<Account> find(String username) {
        Objects.requireNonNull(username, "username");
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_ONE)
                .bind("username", username)
                .map((rs, ctx) -> toAccount(rs))
                .findOne());
    }

    /** Replaces both credentials in one statement; {@link Account#created()} stays. Blocks. */
    @Override
    public boolean updateCredentials(String username, ScramCredentials sha1, ScramCredentials sha256) {
        Objects.requireNonNull(username, "username");
        int rows = jdbi.withHandle(handle ->
                bindCredentials(handle.createUpdate(UPDATE_CREDENTIALS), username, sha1, sha256).execute());
        return rows == 1;
    }

    /** Blocks. */
    @Override
    public boolean delete(String username) {
        Objects.requireNonNull(username, "username");
        int rows = jdbi.withHandle(handle -> handle.createUpdate(DELETE).bind("username", username).execute());
        return rows == 1;
    }

    /**
     * Keyset paging on the primary key: {@code username > :after ORDER BY username}, so a page costs the same
     * at any depth. The prefix is matched with LIKE, its {@code %} and {@code _} taken literally, and also given
     * to the database as the key range {@code [prefix, upper)} ({@link #prefixUpperBound}) so that a search seeks
     * in the index instead of scanning it. The order is the column's collation (code point order on H2 and on
     * PostgreSQL's "C" collation); with a linguistic collation, where that range would be wrong, a search uses the
     * LIKE alone ({@link #codePointOrder}). Blocks.
     *
     * @param limit at most this many names; 0 gives an empty list
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    @Override
    public List<String> list(String prefix, String afterUsername, int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must not be negative: " + limit);
        if (limit == 0) return List.of();
        boolean byPrefix = prefix != null && !prefix.isEmpty();
        String upper = byPrefix && codePointOrder() ? prefixUpperBound(prefix) : null;
        String sql = listSql(byPrefix, upper != null, afterUsername != null);
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery(sql).bind("limit", limit);
            if (byPrefix) query.bind("pattern", likePrefixPattern(prefix)).bind("prefix", prefix);
            if (upper != null) query.bind("upper", upper);
            if (afterUsername != null) query.bind("after", afterUsername);
            return List.copyOf(query.mapTo(String.class).list());
        });
    }

    /**
     * Whether the database orders text by code point (H2; PostgreSQL with the "C" collation), asked once: it
     * decides whether a prefix can be turned into a key range. Linguistic collations put {@code B} after
     * {@code a} and skip punctuation, so both probes fail there.
     */
    private boolean codePointOrder() {
        Boolean known = codePointOrder;
        if (known == null) {
            known = jdbi.withHandle(h -> h.createQuery(
                    "SELECT CASE WHEN 'B' < 'a' AND 'a_x' < 'a`' THEN 1 ELSE 0 END").mapTo(Integer.class).one()) == 1;
            codePointOrder = known;
        }
        return known;
    }

    /** The query of {@link #list}: parameters {@code :pattern :prefix :upper :after :limit} as the flags say. */
    static String listSql(boolean byPrefix, boolean upperBound, boolean after) {
        StringBuilder sql = new StringBuilder("SELECT username FROM accounts WHERE 1 = 1");
        if (byPrefix) {
            sql.append(" AND username >= :prefix");
            if (upperBound) sql.append(" AND username < :upper");
            sql.append(" AND username LIKE :pattern ESCAPE '").append(LIKE_ESCAPE).append('\'');
        }
        if (after) sql.append(" AND username > :after");
        return sql.append(" ORDER BY username LIMIT :limit").toString();
    }

    /**
     * The smallest string above every string that starts with {@code prefix}: the prefix with its last character
     * incremented. Null when there is no such bound that both UTF-16 (H2) and UTF-8 byte (PostgreSQL) order agree
     * on, i.e. when the last character is, or would become, a surrogate; the LIKE alone then decides.
     */
    static String prefixUpperBound(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        char next = (char) (last + 1);
        if (Character.isSurrogate(last) || Character.isSurrogate(next) || last == Character.MAX_VALUE) return null;
        return prefix.substring(0, prefix.length() - 1) + next;
    }

    /** Blocks. */
    @Override
    public long count() {
        return jdbi.withHandle(handle -> handle.createQuery(COUNT).mapTo(Long.class).one());
    }

    /** {@code prefix} with LIKE's wildcards and the escape character escaped, followed by {@code %}. */
    static String likePrefixPattern(String prefix) {
        StringBuilder pattern = new StringBuilder(prefix.length() + 8);
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) pattern.append(LIKE_ESCAPE);
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }

    private static Update bindCredentials(
            Update update, String username, ScramCredentials sha1, ScramCredentials sha256) {
        return update.bind("username", username)
                .bind("sha1Salt", sha1.salt())
                .bind("sha1Iterations", sha1.iterations())
                .bind("sha1StoredKey", sha1.storedKey())
                .bind("sha1ServerKey", sha1.serverKey())
                .bind("sha256Salt", sha256.salt())
                .bind("sha256Iterations", sha256.iterations())
                .bind("sha256StoredKey", sha256.storedKey())
                .bind("sha256ServerKey", sha256.serverKey());
    }

    private static Account toAccount(ResultSet rs) throws SQLException {
        ScramCredentials sha1 = new ScramCredentials(
                rs.getBytes("scram_sha1_salt"),
                rs.getInt("scram_sha1_iterations"),
                rs.getBytes("scram_sha1_stored_key"),
                rs.getBytes("scram_sha1_server_key"));
        ScramCredentials sha256 = new ScramCredentials(
                rs.getBytes("scram_sha256_salt"),
                rs.getInt("scram_sha256_iterations"),
                rs.getBytes("scram_sha256_stored_key"),
                rs.getBytes("scram_sha256_server_key"));
        // getObject(…, OffsetDateTime.class): JDBC 4.2 mapping of TIMESTAMP WITH TIME ZONE on both drivers,
        // free of the JVM's default time zone (unlike getTimestamp).
        OffsetDateTime created = rs.getObject("created_at", OffsetDateTime.class);
        return new Account(rs.getString("username"), sha1, sha256, created.toInstant());
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) return true;
        }
        return false;
    }
}
