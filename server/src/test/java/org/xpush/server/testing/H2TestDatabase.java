package org.xpush.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.xpush.server.storage.Database;

/**
 * The default database for store tests: a real H2 file in a fresh data directory, opened (and migrated) before
 * each test, closed and deleted after it. Register it on an instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final H2TestDatabase h2 = new H2TestDatabase();
 * }</pre>
 */
public final class H2TestDatabase implements BeforeEachCallback, AfterEachCallback {

    private Path dataDir;
    private Database database;

    /** The database of the running test. */
    public Database database() {
        return database;
    }

    /** Closes the database and opens it again from the same data directory, as a restarted server would. */
    public Database reopen() {
        database.close();
        database = Database.open(null, dataDir);
        return database;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("xpush-h2-test-");
        database = Database.open(null, dataDir);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            if (database != null) database.close();
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
