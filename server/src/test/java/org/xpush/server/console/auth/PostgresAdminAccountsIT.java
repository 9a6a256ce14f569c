package org.xpush.server.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xpush.server.testing.PostgresTestDatabase;

/** Console accounts on a real PostgreSQL server: migration V4 runs there and the first start works the same. */
class PostgresAdminAccountsIT {

    @RegisterExtension
    static final PostgresTestDatabase postgres =
            new PostgresTestDatabase(jdbi -> jdbi.useHandle(handle -> handle.execute("DELETE FROM admin_accounts")));

    @Test
    void firstStartCreatesAdminOnceAndThePasswordVerifies() {
        AdminStore store = new AdminStore(postgres.database().jdbi());
        AdminAccounts admins = new AdminAccounts(store, 4, new ManualClock());
        String password = admins.ensureInitialAccount(null).orElseThrow();
        assertThat(admins.verify("admin", password)).isTrue();
        assertThat(admins.verify("admin", password + "x")).isFalse();
        assertThat(new AdminAccounts(store, 4, new ManualClock()).ensureInitialAccount(null)).isEmpty();
        assertThat(store.insert("admin", "$2a$04$x", new ManualClock().instant())).as("the primary key decides").isFalse();
        assertThat(admins.changePassword("admin", "another password")).isTrue();
        assertThat(admins.verify("admin", "another password")).isTrue();
    }
}
