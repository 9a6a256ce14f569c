package org.xpush.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xpush.server.storage.Database;
import org.xpush.server.testing.PostgresTestDatabase;
import org.xpush.server.testing.PostgresTestSchema;

/**
 * The account store on a real PostgreSQL server ({@code -Dxpush.it.postgres.url=…}, by default the local
 * test database with trust authentication). Each run works in its own schema, created here and dropped at
 * the end, so runs neither see nor disturb one another. An unreachable server fails the class: it does not
 * skip.
 */
class PostgresAccountStoreIT extends AccountStoreContract {

    @RegisterExtension
    static final PostgresTestDatabase postgres =
            new PostgresTestDatabase(jdbi -> jdbi.useHandle(handle -> handle.execute("DELETE FROM accounts")));

    private static AccountStore store;

    @BeforeAll
    static void createStore() {
        store = new JdbcAccountStore(postgres.database().jdbi());
    }

    @Override
    protected AccountStore store() {
        return store;
    }

    @Test
    void migrationsRanInsideTheTestSchema() throws SQLException {
        assertThat(postgres.database().vendor()).isEqualTo(Database.POSTGRESQL);
        try (Connection connection = PostgresTestSchema.connect();
                PreparedStatement query = connection.prepareStatement("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = ? ORDER BY table_name")) {
            query.setString(1, postgres.schema().name());
            try (ResultSet rs = query.executeQuery()) {
                StringBuilder tables = new StringBuilder();
                while (rs.next()) tables.append(rs.getString(1)).append(' ');
                assertThat(tables.toString()).contains("accounts ", "flyway_schema_history ");
            }
        }
    }

    @Test
    void accountsSurviveClosingAndReopeningTheDatabase() {
        ScramCredentials sha1 = credentials(20, 4096);
        store.create("alice", sha1, credentials(32, 4096));

        store = new JdbcAccountStore(postgres.reopen().jdbi());

        assertThat(store.find("alice").orElseThrow().sha1()).isEqualTo(sha1);
    }
}
