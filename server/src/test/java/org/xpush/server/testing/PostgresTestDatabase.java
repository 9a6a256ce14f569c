package org.xpush.server.testing;

import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.xpush.server.storage.Database;

/**
 * A migrated database in a {@link PostgresTestSchema} of its own, kept for the whole test class: created and opened
 * before all tests, emptied by the class's own statement before each test, closed and dropped after all tests.
 * Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresTestDatabase postgres = new PostgresTestDatabase(jdbi -> emptyTables(jdbi));
 * }</pre>
 */
public final class PostgresTestDatabase implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final Consumer<Jdbi> emptyTables;
    private PostgresTestSchema schema;
    private Database database;

    /** @param emptyTables run before each test, so that every test starts with empty tables */
    public PostgresTestDatabase(Consumer<Jdbi> emptyTables) {
        this.emptyTables = emptyTables;
    }

    public Database database() {
        return database;
    }

    public PostgresTestSchema schema() {
        return schema;
    }

    /** Closes the database and opens it again in the same schema, as a restarted server would. */
    public Database reopen() {
        database.close();
        database = schema.open();
        return database;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        schema = PostgresTestSchema.create();
        database = schema.open();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emptyTables.accept(database.jdbi());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (database != null) database.close();
        } finally {
            if (schema != null) schema.close();
        }
    }
}
