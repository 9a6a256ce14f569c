package org.xpush.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.storage.Database;

/** The account store on the default database: a real H2 file in a fresh data directory per test. */
class H2AccountStoreTest extends AccountStoreContract {

    @TempDir
    Path dataDir;

    private Database database;
    private AccountStore store;

    @BeforeEach
    void openDatabase() {
        database = Database.open(null, dataDir);
        store = new JdbcAccountStore(database.jdbi());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Override
    protected AccountStore store() {
        return store;
    }

    @Test
    void defaultDatabaseIsAnH2FileInTheDataDirectory() {
        assertThat(database.vendor()).isEqualTo(Database.H2);
        assertThat(dataDir.resolve("xpush.mv.db")).isRegularFile();
    }

    @Test
    void accountsSurviveClosingAndReopeningTheDatabase() {
        ScramCredentials sha1 = credentials(20, 4096);
        ScramCredentials sha256 = credentials(32, 4096);
        store.create("alice", sha1, sha256);
        Account before = store.find("alice").orElseThrow();

        database.close();
        database = Database.open(null, dataDir);
        store = new JdbcAccountStore(database.jdbi());

        Account after = store.find("alice").orElseThrow();
        assertThat(after.sha1()).isEqualTo(sha1);
        assertThat(after.sha256()).isEqualTo(sha256);
        assertThat(after.created()).isEqualTo(before.created());
        assertThat(store.count()).isEqualTo(1);
    }
}
