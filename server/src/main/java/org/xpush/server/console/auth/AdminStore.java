package org.xpush.server.console.auth;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The {@code admin_accounts} table (migration {@code V4__admin_accounts.sql}), on H2 and PostgreSQL alike.
 * Stores bcrypt hashes only. Every method blocks on JDBC: call it from a virtual or worker thread. Thread-safe.
 */
public final class AdminStore {

    /** SQL state of a unique violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;

    public AdminStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    /** Inserts an account; false (nothing changed) when the name exists, e.g. another node created it first. */
    public boolean insert(String username, String passwordHash, Instant at) {
        OffsetDateTime when = utc(at);
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO admin_accounts"
                            + " (username, password_hash, created_at, password_changed_at) VALUES (:u, :h, :at, :at)")
                    .bind("u", username).bind("h", passwordHash).bind("at", when).execute());
            return true;
        } catch (JdbiException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) return false;
            }
            throw e;
        }
    }

    /** The stored bcrypt hash of the account, if it exists. */
    public Optional<String> passwordHash(String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM admin_accounts WHERE username = :u")
                .bind("u", username).mapTo(String.class).findOne());
    }

    /** Replaces the hash; false when there is no such account. */
    public boolean updatePasswordHash(String username, String passwordHash, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE admin_accounts SET password_hash = :h,"
                        + " password_changed_at = :at WHERE username = :u")
                .bind("u", username).bind("h", passwordHash).bind("at", utc(at)).execute()) == 1;
    }

    /** Number of console accounts. */
    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM admin_accounts").mapTo(Long.class).one());
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }
}
