package org.xpush.server.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xpush.server.storage.Database;
import org.xpush.server.testing.PostgresTestDatabase;

/**
 * The device store on a real PostgreSQL server ({@code -Dxpush.it.postgres.url=…}, by default the local
 * test database with trust authentication). Each run works in its own schema, created here and dropped at the
 * end. An unreachable server fails the class: it does not skip.
 */
class PostgresDeviceStoreIT extends DeviceStoreContract {

    @RegisterExtension
    static final PostgresTestDatabase postgres = new PostgresTestDatabase(DeviceStoreContract::emptyTables);

    @Override
    protected Database database() {
        return postgres.database();
    }

    @Test
    void runsOnPostgresqlInsideTheTestSchema() {
        assertThat(database().vendor()).isEqualTo(Database.POSTGRESQL);
        String current = database().jdbi().withHandle(h -> h.createQuery("SELECT current_schema()").mapTo(String.class).one());
        assertThat(current).isEqualTo(postgres.schema().name());
    }
}
