package org.xpush.server.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xpush.server.storage.Database;
import org.xpush.server.testing.H2TestDatabase;

/** The notification store on the default database: a real H2 file in a fresh data directory per test. */
class H2NotificationStoreTest extends NotificationStoreContract {

    @RegisterExtension
    final H2TestDatabase h2 = new H2TestDatabase();

    @Override
    protected Database database() {
        return h2.database();
    }

    @Test
    void notificationsAndDeliveriesSurviveClosingAndReopeningTheDatabase() {
        account("alice");
        Notification n = insert(new Target.User("alice"), List.of("alice"), T0.plusSeconds(1), "k", 1,
                Duration.ofHours(1));

        h2.reopen();

        assertThat(database().vendor()).isEqualTo(Database.H2);
        assertThat(store().findById(n.id())).contains(n);
        assertThat(store().pendingFor("alice", false, 0, T0.plusSeconds(2), 10)).containsExactly(n);
    }
}
