package org.xpush.server.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.xpush.server.storage.Database;

/**
 * A schema of its own on the real PostgreSQL server the integration tests use ({@code -Dxpush.it.postgres.url=…},
 * by default the local {@code test} database with trust authentication), created when made and dropped with
 * everything in it on {@link #close()}. An unreachable server fails the test with a message saying so: the
 * PostgreSQL tests never skip.
 */
public final class PostgresTestSchema implements AutoCloseable {

    public static final String URL =
            System.getProperty("xpush.it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private final String name;

    private PostgresTestSchema(String name) {
        this.name = name;
    }

    /** Creates a schema with a random name. */
    public static PostgresTestSchema create() {
        String name = "xpush_it_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        execute("CREATE SCHEMA " + name);
        return new PostgresTestSchema(name);
    }

    public String name() {
        return name;
    }

    /** The URL with pgjdbc's {@code currentSchema}: every pooled connection, and Flyway, work in this schema. */
    public String url() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** Opens (and migrates) the database in this schema. */
    public Database open() {
        return Database.open(url(), null);
    }

    /** A plain JDBC connection to the server (not bound to the schema). */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL);
    }

    @Override
    public void close() {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    private static void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL at " + URL + " failed `" + sql + "`: " + e.getMessage()
                    + " (this integration test needs a running PostgreSQL; set -Dxpush.it.postgres.url=… to"
                    + " point it elsewhere)", e);
        }
    }
}
