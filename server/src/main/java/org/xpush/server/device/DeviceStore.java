package org.xpush.server.device;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Devices, aliases and tags in the database (migration {@code V2__notifications.sql}). Every method blocks on
 * JDBC: call from a worker or virtual thread. Thread-safe.
 */
public final class DeviceStore {

    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;

    public DeviceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The device of an existing account, creating its row with defaults if needed; empty when there is no such account. */
    public Optional<Device> loadOrCreate(String username) {
        return jdbi.inTransaction(h -> {
            if (!accountExists(h, username)) return Optional.empty();
            ensureRow(h, username);
            return find(h, username);
        });
    }

    /** The device, if its row exists. */
    public Optional<Device> find(String username) {
        return jdbi.withHandle(h -> find(h, username));
    }

    private static Optional<Device> find(Handle h, String username) {
        Optional<Object[]> row = h.createQuery("SELECT alias, acknowledges, fanout_cursor FROM devices WHERE username = :u")
                .bind("u", username)
                .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getBoolean(2), rs.getLong(3)})
                .findOne();
        if (row.isEmpty()) return Optional.empty();
        Set<String> tags = new TreeSet<>(h.createQuery("SELECT tag FROM device_tags WHERE username = :u")
                .bind("u", username).mapTo(String.class).list());
        Object[] r = row.get();
        return Optional.of(new Device(username, (String) r[0], tags, (Boolean) r[1], (Long) r[2]));
    }

    private static boolean accountExists(Handle h, String username) {
        return h.createQuery("SELECT COUNT(*) FROM accounts WHERE username = :u").bind("u", username)
                .mapTo(Integer.class).one() > 0;
    }

    /** Inserts the default row unless it exists (a concurrent insert of the same row is not an error). */
    private static void ensureRow(Handle h, String username) {
        if (h.createQuery("SELECT COUNT(*) FROM devices WHERE username = :u").bind("u", username)
                .mapTo(Integer.class).one() > 0) {
            return;
        }
        insertIgnoringDuplicate(h, "INSERT INTO devices (username) VALUES (:u)", username, null);
    }

    /**
     * Runs an insert inside a savepoint and ignores a unique violation: a concurrent insert of the same row won.
     * The savepoint matters on PostgreSQL, where a failed statement otherwise aborts the whole transaction.
     */
    private static void insertIgnoringDuplicate(Handle h, String sql, String username, String tag) {
        String savepoint = "xpush_insert";
        h.savepoint(savepoint);
        try {
            h.createUpdate(sql).bind("u", username).bind("t", tag).execute();
            h.releaseSavepoint(savepoint);
        } catch (UnableToExecuteStatementException e) {
            if (!isUniqueViolation(e)) throw e;
            h.rollbackToSavepoint(savepoint);
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) return true;
        }
        return false;
    }

    /** Sets or clears (null) the alias; false when there is no such account. */
    public boolean setAlias(String username, String alias) {
        return jdbi.inTransaction(h -> {
            if (!accountExists(h, username)) return false;
            ensureRow(h, username);
            h.createUpdate("UPDATE devices SET alias = :a WHERE username = :u").bind("a", alias).bind("u", username).execute();
            return true;
        });
    }

    /** Replaces the tags; false when there is no such account. */
    public boolean setTags(String username, Collection<String> tags) {
        return jdbi.inTransaction(h -> {
            if (!accountExists(h, username)) return false;
            ensureRow(h, username);
            h.createUpdate("DELETE FROM device_tags WHERE username = :u").bind("u", username).execute();
            insertTags(h, username, tags);
            return true;
        });
    }

    /** Adds tags (existing ones stay); false when there is no such account. */
    public boolean addTags(String username, Collection<String> tags) {
        return jdbi.inTransaction(h -> {
            if (!accountExists(h, username)) return false;
            ensureRow(h, username);
            Set<String> existing = new TreeSet<>(h.createQuery("SELECT tag FROM device_tags WHERE username = :u")
                    .bind("u", username).mapTo(String.class).list());
            insertTags(h, username, tags.stream().filter(t -> !existing.contains(t)).toList());
            return true;
        });
    }

    /** Removes tags; false when there is no such account. */
    public boolean removeTags(String username, Collection<String> tags) {
        return jdbi.inTransaction(h -> {
            if (!accountExists(h, username)) return false;
            for (String t : tags) {
                h.createUpdate("DELETE FROM device_tags WHERE username = :u AND tag = :t").bind("u", username).bind("t", t).execute();
            }
            return true;
        });
    }

    private static void insertTags(Handle h, String username, Collection<String> tags) {
        for (String t : new TreeSet<>(tags)) {
            insertIgnoringDuplicate(h, "INSERT INTO device_tags (username, tag) VALUES (:u, :t)", username, t);
        }
    }

    /** Records that the device answers notification IQs; false when there is no such account. */
    public boolean markAcknowledging(String username) {
        return jdbi.inTransaction(h -> {
            if (!accountExists(h, username)) return false;
            ensureRow(h, username);
            h.createUpdate("UPDATE devices SET acknowledges = TRUE WHERE username = :u AND acknowledges = FALSE")
                    .bind("u", username).execute();
            return true;
        });
    }

    /** The accounts that have this alias. */
    public List<String> usernamesWithAlias(String alias) {
        return jdbi.withHandle(h -> h.createQuery("SELECT username FROM devices WHERE alias = :a ORDER BY username")
                .bind("a", alias).mapTo(String.class).list());
    }

    /** Number of devices with this tag. */
    public int countWithTag(String tag) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM device_tags WHERE tag = :t").bind("t", tag)
                .mapTo(Integer.class).one());
    }
}
