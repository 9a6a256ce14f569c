package org.xpush.server.apikey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The {@code api_keys} table (migration {@code V3__api_keys.sql}), on H2 and PostgreSQL alike.
 *
 * <p>Every method blocks on JDBC: call it from a virtual or worker thread, never from a Netty event loop.
 * Thread-safe; no state besides the {@link Jdbi}. Database failures surface as Jdbi's unchecked
 * {@link JdbiException}. Instants are stored to the microsecond, what both databases keep.
 */
public final class ApiKeyStore {

    /** SQL state of a unique violation, the same on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";

    private static final String COLUMNS = "id, name, created_at, last_used_at, revoked_at";

    private final Jdbi jdbi;

    public ApiKeyStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    /**
     * Inserts a key. Returns false, and changes nothing, when its id or its hash already exists (the unique
     * constraints decide races between nodes).
     */
    public boolean insert(ApiKey key, byte[] keyHash) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(keyHash, "keyHash");
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO api_keys"
                            + " (id, name, key_hash, created_at, last_used_at, revoked_at)"
                            + " VALUES (:id, :name, :hash, :created, :lastUsed, :revoked)")
                    .bind("id", key.id())
                    .bind("name", key.name())
                    .bind("hash", keyHash)
                    .bind("created", toColumn(key.created()))
                    .bind("lastUsed", toColumn(key.lastUsed()))
                    .bind("revoked", toColumn(key.revoked()))
                    .execute());
            return true;
        } catch (JdbiException e) {
            if (isUniqueViolation(e)) return false;
            throw e;
        }
    }

    /** The key whose SHA-256 digest is {@code keyHash}, revoked or not. */
    public Optional<ApiKey> findByHash(byte[] keyHash) {
        Objects.requireNonNull(keyHash, "keyHash");
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = :hash")
                .bind("hash", keyHash)
                .map((rs, ctx) -> toApiKey(rs))
                .findOne());
    }

    public Optional<ApiKey> find(String id) {
        Objects.requireNonNull(id, "id");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> toApiKey(rs))
                .findOne());
    }

    /** Every key, revoked ones included, oldest first. There are few (one per calling service). */
    public List<ApiKey> list() {
        return jdbi.withHandle(handle -> List.copyOf(handle.createQuery(
                        "SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id")
                .map((rs, ctx) -> toApiKey(rs))
                .list()));
    }

    /** Marks the key revoked at {@code at}; false when there is no such key or it was revoked already. */
    public boolean revoke(String id, Instant at) {
        Objects.requireNonNull(id, "id");
        int rows = jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE api_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                .bind("id", id)
                .bind("at", toColumn(at))
                .execute());
        return rows == 1;
    }

    /** Records a use of the key at {@code at}, unless a later use is recorded already (another node). */
    public void touch(String id, Instant at) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE api_keys SET last_used_at = :at"
                        + " WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at)")
                .bind("id", id)
                .bind("at", toColumn(at))
                .execute());
    }

    /** How many keys exist, revoked ones included. */
    public long count() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM api_keys").mapTo(Long.class).one());
    }

    private static OffsetDateTime toColumn(Instant instant) {
        return instant == null
                ? null
                : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static ApiKey toApiKey(ResultSet rs) throws SQLException {
        // getObject(…, OffsetDateTime.class): JDBC 4.2 mapping on both drivers, free of the JVM's time zone.
        return new ApiKey(rs.getString("id"), rs.getString("name"),
                instant(rs, "created_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) return true;
        }
        return false;
    }
}
