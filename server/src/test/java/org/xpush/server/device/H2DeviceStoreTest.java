package org.xpush.server.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xpush.server.storage.Database;
import org.xpush.server.testing.H2TestDatabase;

/** The device store on the default database: a real H2 file in a fresh data directory per test. */
class H2DeviceStoreTest extends DeviceStoreContract {

    @RegisterExtension
    final H2TestDatabase h2 = new H2TestDatabase();

    @Override
    protected Database database() {
        return h2.database();
    }

    @Test
    void devicesSurviveClosingAndReopeningTheDatabase() {
        account("alice");
        store().setAlias("alice", "me");
        store().setTags("alice", List.of("news"));
        store().markAcknowledging("alice");

        h2.reopen();

        assertThat(database().vendor()).isEqualTo(Database.H2);
        assertThat(store().find("alice")).contains(new Device("alice", "me", Set.of("news"), true, 0));
    }
}
