package org.xpush.server.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xpush.server.storage.Database;
import org.xpush.server.testing.PostgresTestDatabase;

/**
 * API keys on a real PostgreSQL server ({@code -Dxpush.it.postgres.url=…}, by default the local test database
 * with trust authentication), in a schema of its own created here and dropped at the end. An unreachable
 * server fails the class: it does not skip.
 */
class PostgresApiKeyStoreIT extends ApiKeyServiceContract {

    @RegisterExtension
    static final PostgresTestDatabase postgres =
            new PostgresTestDatabase(jdbi -> jdbi.useHandle(handle -> handle.execute("DELETE FROM api_keys")));

    @Override
    protected Database database() {
        return postgres.database();
    }

    @Test
    void keyHashIsByteaWithAUniqueIndex() {
        String type = database().jdbi().withHandle(h -> h.createQuery("SELECT data_type FROM information_schema.columns"
                        + " WHERE table_schema = :schema AND table_name = 'api_keys' AND column_name = 'key_hash'")
                .bind("schema", postgres.schema().name())
                .mapTo(String.class)
                .one());
        assertThat(type).isEqualTo("bytea");
        String index = database().jdbi().withHandle(h -> h.createQuery("SELECT indexdef FROM pg_indexes"
                        + " WHERE schemaname = :schema AND indexname = 'api_keys_hash_unique'")
                .bind("schema", postgres.schema().name())
                .mapTo(String.class)
                .one());
        assertThat(index).startsWith("CREATE UNIQUE INDEX").contains("(key_hash)");
    }
}
