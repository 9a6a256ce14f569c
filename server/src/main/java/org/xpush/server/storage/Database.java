package org.xpush.server.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's relational database: a HikariCP pool, migrated by Flyway when opened, used through Jdbi.
 *
 * <p>Two databases are supported, with the same SQL (see {@code db/migration}):
 * <ul>
 *   <li>H2 embedded, the default: a file {@code xpush.mv.db} in the data directory;
 *   <li>PostgreSQL: {@code jdbc:postgresql://host[:port]/database?user=…&password=…} (any pgjdbc
 *       parameter, e.g. {@code currentSchema}, may be added; Flyway migrates the connection's current schema).
 * </ul>
 *
 * <p>{@link #open} blocks while it connects and migrates; call it from the composition root at start-up.
 * The pool and the {@link Jdbi} are thread-safe; every call through them blocks on JDBC and must not run
 * on a Netty event loop. {@link #close} is called once, at shutdown, after the services using it stopped.
 */
public final class Database implements AutoCloseable {

    /** {@link #vendor()} of an H2 database. */
    public static final String H2 = "h2";
    /** {@link #vendor()} of a PostgreSQL database. */
    public static final String POSTGRESQL = "postgresql";

    /** Name of the default H2 database in the data directory (H2 adds {@code .mv.db}). */
    public static final String DEFAULT_H2_NAME = "xpush";

    /**
     * Settings of the default H2 file database.
     * <ul>
     *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2's own JVM shutdown hook would close the database while our
     *       shutdown still writes to it; {@link #close()} closes it instead, in order.
     *   <li>No {@code MODE=PostgreSQL}: the migrations and queries are plain standard SQL that both run
     *       natively (H2 accepts {@code BYTEA}), and a compatibility mode changes other semantics silently.
     *   <li>Default {@code FILE_LOCK=FILE}: a second process opening the same data directory fails with
     *       "database may be already in use" instead of corrupting it.
     *   <li>{@code WRITE_DELAY=0}: each commit is written to the file before it returns, so what the server
     *       accepted survives {@code kill -9} (DESIGN §3.4); the default (500 ms) could lose the last half second.
     * </ul>
     */
    static final String H2_SETTINGS = ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";

    /**
     * Pool size. The server runs database work on a small bounded executor (a handful of threads), and both
     * an embedded H2 and a PostgreSQL server on a small machine serve a few connections best; more
     * connections than that only queue inside the database.
     */
    static final int POOL_SIZE = 8;

    /** How long a caller waits for a free connection before its call fails. */
    static final long CONNECTION_TIMEOUT_MILLIS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(://[^/?#@:]*:)[^/?#@]*@");

    private final String url;
    private final String vendor;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    /** Embedded H2 file databases only; null otherwise. */
    private H2Housekeeper housekeeper;
    private boolean closed;

    private Database(String url, String vendor, HikariDataSource pool) {
        this.url = url;
        this.vendor = vendor;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
    }

    /**
     * Opens the pool and migrates the schema to the newest version.
     *
     * @param jdbcUrl {@code jdbc:h2:…} or {@code jdbc:postgresql://…}; null or blank for the default H2 file
     *                database in {@code dataDir}
     * @param dataDir the server's data directory (created if missing when the default database is used)
     * @throws DatabaseException when the URL is not supported, the database cannot be reached or opened, or a
     *                           migration fails; the message names the URL (password masked) and the cause
     */
    public static Database open(String jdbcUrl, Path dataDir) {
        String url = jdbcUrl == null || jdbcUrl.isBlank() ? defaultUrl(dataDir) : jdbcUrl.strip();
        String vendor = vendorOf(url);
        HikariDataSource pool = openPool(url, vendor);
        Database database = new Database(url, vendor, pool);
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        if (database.isEmbeddedH2()) database.housekeeper = H2Housekeeper.start(pool);
        return database;
    }

    /** The default database: an H2 file {@code xpush.mv.db} in {@code dataDir}, which is created if missing. */
    static String defaultUrl(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir is required for the default H2 database");
        Path dir = dataDir.toAbsolutePath().normalize();
        if (dir.toString().indexOf(';') >= 0) {
            // H2 reads ';' as the start of the settings.
            throw new DatabaseException(
                    "Cannot use data directory " + dir + " for the H2 database: its path contains ';'");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DatabaseException("Cannot create data directory " + dir + ": " + e, e);
        }
        return "jdbc:h2:file:" + dir.resolve(DEFAULT_H2_NAME) + H2_SETTINGS;
    }

    static String vendorOf(String url) {
        if (url.startsWith("jdbc:h2:")) return H2;
        if (url.startsWith("jdbc:postgresql:")) return POSTGRESQL;
        throw new DatabaseException("Unsupported database URL " + redact(url)
                + ": use jdbc:postgresql://host[:port]/database?user=…&password=… for PostgreSQL,"
                + " jdbc:h2:… for H2, or none for the default H2 file in the data directory");
    }

    private static HikariDataSource openPool(String url, String vendor) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("xpush-db");
        config.setJdbcUrl(url);
        config.setDriverClassName(H2.equals(vendor) ? "org.h2.Driver" : "org.postgresql.Driver");
        config.setMaximumPoolSize(POOL_SIZE);
        if (POSTGRESQL.equals(vendor)) {
            // pgjdbc sends a JDBC batch of INSERTs as multi-row INSERTs: the group commit of notifications and
            // their deliveries costs a few statements instead of one round of parse/bind/execute per row. A
            // value given in the URL wins over this one.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        // Connect once now (Hikari's default of 1 ms): a wrong URL or an unreachable server fails start-up
        // here, with the cause, instead of at the first query.
        config.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DatabaseException("Cannot open database " + redact(url) + ": " + describe(e), e);
        }
    }

    private void migrate() {
        try {
            MigrateResult result = Flyway.configure(Database.class.getClassLoader())
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            // targetSchemaVersion is null when there was nothing to apply.
            String version =
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
            log.info("Database {} ({}): schema version {}, {} migration(s) applied now",
                    redact(url), vendor, version, result.migrationsExecuted);
        } catch (FlywayException e) {
            // Flyway's own message names the failed migration, the statement and the database's error.
            String message = e.getMessage() != null ? redact(e.getMessage()) : describe(e);
            throw new DatabaseException("Cannot migrate database " + redact(url) + ": " + message, e);
        }
    }

    /** Jdbi over the pool. Thread-safe; every call blocks on JDBC. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** The pooled data source. Thread-safe; connections must be closed by the borrower. */
    public DataSource dataSource() {
        return pool;
    }

    /** {@link #H2} or {@link #POSTGRESQL}. */
    public String vendor() {
        return vendor;
    }

    /** The JDBC URL with any password masked: safe to log. */
    public String url() {
        return redact(url);
    }

    /**
     * Closes the pool. For an embedded H2 the database is then shut down ({@code SHUTDOWN}): everything committed is
     * written to the file and the file lock released, even if a caller leaked a connection. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (housekeeper != null) housekeeper.close();
        if (!isEmbeddedH2()) {
            pool.close();
            return;
        }
        // SHUTDOWN through a connection of our own, outside the pool: a pooled one would be closed under
        // Hikari's feet. Holding it while the pool closes keeps H2 from closing and reopening in between.
        Connection own = null;
        try {
            own = DriverManager.getConnection(url);
        } catch (SQLException e) {
            log.warn("Cannot connect to {} to shut it down; closing the pool only", redact(url), e);
        }
        pool.close();
        if (own != null) {
            try (Connection connection = own;
                    Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                log.warn("H2 shutdown of {} failed", redact(url), e);
            }
        }
    }

    /** H2 in this process; not a shared H2 server (tcp, ssl), which must not be shut down by one client. */
    private boolean isEmbeddedH2() {
        return H2.equals(vendor) && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
    }

    @Override
    public String toString() {
        return "Database[" + vendor + " " + redact(url) + "]";
    }

    /** The URL with the value of any {@code password=} setting and any {@code user:password@} masked. */
    static String redact(String url) {
        String masked = URL_PASSWORD.matcher(url).replaceAll("$1***");
        return URL_USER_INFO.matcher(masked).replaceAll("$1***@");
    }

    /**
     * The most telling message of a failure: the first {@link SQLException} in the chain (the driver's own
     * words, with its SQL state, and what it was caused by, e.g. an unknown host), else the deepest cause.
     * Passwords are masked in case a driver echoes a URL.
     */
    private static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                StringBuilder text = new StringBuilder(String.valueOf(sql.getMessage()));
                if (sql.getSQLState() != null) text.append(" [SQL state ").append(sql.getSQLState()).append(']');
                if (sql.getCause() != null && !(sql.getCause() instanceof SQLException)) {
                    Throwable cause = deepest(sql.getCause());
                    text.append(" (").append(cause.getClass().getSimpleName());
                    if (cause.getMessage() != null) text.append(": ").append(cause.getMessage());
                    text.append(')');
                }
                return redact(text.toString());
            }
        }
        Throwable root = deepest(failure);
        return redact(root.getMessage() != null ? root.getMessage() : root.getClass().getName());
    }

    private static Throwable deepest(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }
}
