package org.xpush.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets an embedded H2 file database clean up in quiet time instead of inside the next request.
 *
 * <p>H2 (MVStore) writes every commit as a new chunk; a chunk whose pages were all rewritten later is dead, and H2
 * keeps it for its retention time ({@code RETENTION_TIME}, 45 s by default) before reusing its space. It drops
 * dead chunks only at the start of a commit. After a busy spell (a broadcast moves 19,000 fan-out cursors, a
 * registration storm writes thousands of rows) followed by a quiet one, the first commit after the retention
 * time therefore drops everything that expired meanwhile: measured at 35 ms for the notification a benchmark
 * broadcast sent 12 s after three others, all of it in that request's time to 202 and before any device got it.
 *
 * <p>So, once a second, this looks at H2's store version. When something else committed since the last look,
 * H2 is dropping as it goes and nothing is done. When the store was quiet for that second but something
 * committed within the retention time (plus a margin), or the server started within it, it rewrites one row
 * of {@code housekeeping}: that commit drops what has expired, on this thread. Once the database has been
 * quiet for longer than that, it writes nothing: an idle server does not write every second.
 */
final class H2Housekeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(H2Housekeeper.class);
    static final Duration TICK = Duration.ofSeconds(1);
    /** Added to the retention time: how long the quiet writes go on after the last commit of someone else. */
    static final Duration MARGIN = Duration.ofSeconds(5);
    private static final String VERSION =
            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CURRENT_VERSION'";
    private static final String RETENTION =
            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'RETENTION_TIME'";
    private static final String TOUCH = "UPDATE housekeeping SET ticks = ticks + 1 WHERE id = 1";

    /**
     * The decision, apart from the database: fed the store version at each look, it says whether to write. Not
     * thread-safe (one timer thread).
     */
    static final class Quiet {
        private final long windowNanos;
        private long seen = Long.MIN_VALUE;
        private long lastActivity;
        private boolean active;

        Quiet(Duration window) {
            this.windowNanos = window.toNanos();
        }

        /**
         * Whether to write now, given the store version and {@link System#nanoTime()}. The first look counts as
         * activity: what was written before it (the migrations at start, a burst before the first look) is not
         * known to be past its retention time.
         */
        boolean shouldWrite(long version, long now) {
            if (version != seen) { // someone committed since the last look, or this is the first look
                seen = version;
                active = true;
                lastActivity = now;
                return false;
            }
            if (active && now - lastActivity > windowNanos) active = false;
            return active;
        }

        /**
         * After our own write, with the versions before and after it: its commit moved the version by one and is
         * not someone else's activity; a larger step means someone else committed meanwhile.
         */
        void wrote(long before, long after, long now) {
            if (after - before > 1) {
                active = true;
                lastActivity = now;
            }
            seen = after;
        }
    }

    private final DataSource pool;
    private final Quiet quiet;
    private final ScheduledExecutorService timer;

    private H2Housekeeper(DataSource pool, Duration window, Duration tick) {
        this.pool = pool;
        this.quiet = new Quiet(window);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xpush-h2-housekeeper");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts one for the database behind {@code pool}, or returns null when it has no file store (in-memory H2)
     * or cannot be read.
     */
    static H2Housekeeper start(DataSource pool) {
        return start(pool, TICK);
    }

    /** {@link #start(DataSource)} with another interval (tests). */
    static H2Housekeeper start(DataSource pool, Duration tick) {
        try (Connection c = pool.getConnection()) {
            if (read(c, VERSION).isEmpty()) return null; // in-memory: no chunks
            long retentionMillis = read(c, RETENTION).orElse(45_000);
            Duration window = Duration.ofMillis(Math.max(0, retentionMillis)).plus(MARGIN);
            log.debug("H2 housekeeping: quiet writes for {} s after the last commit", window.toSeconds());
            return new H2Housekeeper(pool, window, tick);
        } catch (SQLException e) {
            log.warn("H2 housekeeping not started: {}", e.toString());
            return null;
        }
    }

    private void tick() {
        try (Connection c = pool.getConnection()) {
            OptionalLong version = read(c, VERSION);
            if (version.isEmpty() || !quiet.shouldWrite(version.getAsLong(), System.nanoTime())) return;
            try (PreparedStatement touch = c.prepareStatement(TOUCH)) {
                touch.executeUpdate();
            }
            if (!c.getAutoCommit()) c.commit();
            OptionalLong after = read(c, VERSION);
            if (after.isPresent()) quiet.wrote(version.getAsLong(), after.getAsLong(), System.nanoTime());
        } catch (SQLException | RuntimeException e) {
            // the next tick tries again; at worst the next request does the dropping, as without this
            log.debug("H2 housekeeping write failed: {}", e.toString());
        }
    }

    private static OptionalLong read(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql);
                ResultSet r = s.executeQuery()) {
            if (!r.next()) return OptionalLong.empty();
            try {
                return OptionalLong.of(Long.parseLong(r.getString(1).strip()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
    }

    /** Stops the timer; a write under way finishes first (bounded by the pool's timeouts). */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) timer.shutdownNow();
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
