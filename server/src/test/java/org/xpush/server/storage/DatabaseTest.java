package org.xpush.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, migrating and closing the database, and what the operator reads when that fails. */
class DatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void defaultDatabaseIsAnH2FileCreatedInAMissingDataDirectory() {
        Path nested = dataDir.resolve("a/b");

        try (Database database = Database.open(null, nested)) {
            assertThat(database.vendor()).isEqualTo(Database.H2);
            assertThat(database.url())
                    .startsWith("jdbc:h2:file:" + nested.toAbsolutePath())
                    .contains("DB_CLOSE_ON_EXIT=FALSE");
        }
        assertThat(nested.resolve("xpush.mv.db")).isRegularFile();
    }

    @Test
    void reopeningRunsTheMigrationsOnlyOnce() {
        try (Database database = Database.open(null, dataDir)) {
            assertThat(appliedMigrations(database)).isEqualTo(migrationScripts().size());
        }
        try (Database database = Database.open(" ", dataDir)) {
            assertThat(appliedMigrations(database)).isEqualTo(migrationScripts().size());
            long accounts = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM accounts")
                    .mapTo(Long.class).one());
            assertThat(accounts).isZero();
        }
    }

    @Test
    void explicitH2UrlIsUsedAsGiven() {
        String url = "jdbc:h2:mem:database-test;DB_CLOSE_DELAY=-1";

        try (Database database = Database.open(url, dataDir)) {
            assertThat(database.url()).isEqualTo(url);
            assertThat(appliedMigrations(database)).isEqualTo(migrationScripts().size());
        }
    }

    @Test
    void databaseHoldingOtherTablesIsNotTakenOver() throws Exception {
        String url = "jdbc:h2:mem:foreign-tables;DB_CLOSE_DELAY=-1";
        try (Connection keepAlive = DriverManager.getConnection(url);
                Statement statement = keepAlive.createStatement()) {
            statement.execute("CREATE TABLE invoices (id INTEGER)");

            assertThatThrownBy(() -> Database.open(url, dataDir))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageStartingWith("Cannot migrate database " + url + ": ")
                    .hasMessageContaining("non-empty schema");
        }
    }

    @Test
    void failedMigrationNamesTheUrlTheMigrationAndTheCause() throws Exception {
        Database.open(null, dataDir).close();
        // Forget that the newest migration creating a table ran, and every later one: the next start runs them
        // again, and that CREATE TABLE fails (later migrations, such as an index swap, may well run twice).
        java.util.List<String> scripts = migrationScripts();
        int creating = scripts.size() - 1;
        while (!migrationText(scripts.get(creating)).contains("CREATE TABLE")) creating--;
        String url = Database.defaultUrl(dataDir);
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            for (String script : scripts.subList(creating, scripts.size())) {
                String version = script.substring(1, script.indexOf("__"));
                statement.execute("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '" + version + "'");
            }
        }

        assertThatThrownBy(() -> Database.open(null, dataDir))
                .isInstanceOf(DatabaseException.class)
                .hasMessageStartingWith("Cannot migrate database " + url + ": ")
                .hasMessageContaining(scripts.get(creating))
                .hasMessageContaining("already exists");
    }

    @Test
    void unsupportedUrlIsRefusedWithTheUrlAndTheSupportedKinds() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://db.example/xpush?password=secret", dataDir))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("jdbc:mysql://db.example/xpush?password=***")
                .hasMessageContaining("jdbc:postgresql://")
                .hasMessageNotContaining("secret");
    }

    @Test
    void badH2UrlNamesTheUrlAndTheCause() {
        // H2 refuses a file path that is implicitly relative to the working directory.
        assertThatThrownBy(() -> Database.open("jdbc:h2:file:relative/xpush", dataDir))
                .isInstanceOf(DatabaseException.class)
                .hasMessageStartingWith("Cannot open database jdbc:h2:file:relative/xpush: ")
                .hasMessageContaining("relative");
    }

    @Test
    void unreachablePostgresNamesTheUrlWithoutThePasswordAndTheCause() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort
                + "/xpush?user=xpush&password=s3cret&connectTimeout=5";

        assertThatThrownBy(() -> Database.open(url, dataDir))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("Cannot open database jdbc:postgresql://127.0.0.1:" + closedPort
                        + "/xpush?user=xpush&password=***&connectTimeout=5")
                .hasMessageContaining("refused")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void redactionMasksEveryFormOfPassword() {
        assertThat(Database.redact("jdbc:postgresql://h/db?user=u&password=p&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
        assertThat(Database.redact("jdbc:h2:file:/x;USER=sa;PASSWORD=p;MODE=X"))
                .isEqualTo("jdbc:h2:file:/x;USER=sa;PASSWORD=***;MODE=X");
        assertThat(Database.redact("jdbc:postgresql://u:p@h/db")).isEqualTo("jdbc:postgresql://u:***@h/db");
        assertThat(Database.redact("jdbc:postgresql://h:5432/db?user=u"))
                .isEqualTo("jdbc:postgresql://h:5432/db?user=u");
    }

    @Test
    void closeReleasesTheH2FileEvenWithALeakedConnection() throws Exception {
        Database database = Database.open(null, dataDir);
        database.jdbi().useHandle(h -> h.execute("INSERT INTO accounts VALUES ('alice', X'00', 1, X'01', X'02',"
                + " X'ff', 2, X'03', X'04', TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00')"));
        Connection leaked = database.dataSource().getConnection();
        Path file = dataDir.resolve("xpush.mv.db");
        assertThatThrownBy(() -> tryLock(file)).isInstanceOf(OverlappingFileLockException.class);

        database.close();

        assertThat(tryLock(file)).as("file lock after close").isTrue();
        assertThat(leaked.isValid(1)).isFalse();
        try (Database reopened = Database.open(null, dataDir)) {
            long accounts = reopened.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM accounts")
                    .mapTo(Long.class).one());
            assertThat(accounts).isEqualTo(1);
        }
    }

    @Test
    void closeTwiceIsHarmless() {
        Database database = Database.open(null, dataDir);
        database.close();
        database.close();
    }

    /** Takes and releases an exclusive lock on the file: H2 holds one while the database is open. */
    private static boolean tryLock(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock != null;
        }
    }

    private static long appliedMigrations(Database database) {
        // Flyway creates its table with a quoted lower-case name on H2.
        String sql = "SELECT COUNT(*) FROM \"flyway_schema_history\""
                + " WHERE \"success\" = TRUE AND \"version\" IS NOT NULL";
        return database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** The migration scripts on the classpath, oldest first (V1__…, V2__…). */
    private static String migrationText(String script) {
        try (var in = DatabaseTest.class.getClassLoader().getResourceAsStream("db/migration/" + script)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.List<String> migrationScripts() {
        try {
            java.net.URL dir = DatabaseTest.class.getClassLoader().getResource("db/migration");
            try (var files = java.nio.file.Files.list(java.nio.file.Path.of(dir.toURI()))) {
                return files.map(f -> f.getFileName().toString())
                        .filter(n -> n.matches("V\\d+__.*\\.sql"))
                        .sorted(java.util.Comparator.comparingInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))))
                        .toList();
            }
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
