package org.xpush.server.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.xpush.server.account.JdbcAccountStore;
import org.xpush.server.account.ScramCredentials;
import org.xpush.server.sasl.ScramHash;
import org.xpush.server.storage.Database;

/** What {@link DeviceStore} must do on every supported database. A subclass supplies a migrated, empty database. */
abstract class DeviceStoreContract {

    private static final ScramCredentials CREDS = ScramHash.SHA_256.derive("pw", new byte[] {1, 2, 3}, 1);

    /** The database under test: migrated, every table empty at the start of each test. */
    protected abstract Database database();

    // ---- loadOrCreate ----------------------------------------------------------------------------------------------

    @Test
    void loadOrCreateOfAnUnknownAccountIsEmptyAndCreatesNothing() {
        assertThat(store().loadOrCreate("nobody")).isEmpty();
        assertThat(store().find("nobody")).isEmpty();
        assertThat(deviceRows()).isZero();
    }

    @Test
    void loadOrCreateCreatesTheDefaultsOnce() {
        account("alice");
        assertThat(store().find("alice")).isEmpty();

        Device created = store().loadOrCreate("alice").orElseThrow();

        assertThat(created).isEqualTo(new Device("alice", null, Set.of(), false, 0));
        assertThat(store().find("alice")).contains(created);

        store().setAlias("alice", "me");
        store().setTags("alice", List.of("news"));
        store().markAcknowledging("alice");

        assertThat(store().loadOrCreate("alice")).contains(new Device("alice", "me", Set.of("news"), true, 0));
        assertThat(deviceRows()).isEqualTo(1);
    }

    /**
     * Devices come online, send device IQs and are changed through the HTTP API at the same time; whoever
     * creates the row first, every caller gets the device. (On PostgreSQL a failed INSERT aborts the whole
     * transaction, so catching the unique violation is not enough.)
     */
    @Test
    void concurrentLoadOrCreateOfOneUserAllSucceed() throws Exception {
        int users = 10;
        int threads = 8;
        for (int u = 0; u < users; u++) account("racer" + u);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Optional<Device>>> results = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                String name = "racer" + u;
                CountDownLatch ready = new CountDownLatch(threads);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Optional<Device>>> round = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    round.add(pool.submit(() -> {
                        ready.countDown();
                        go.await();
                        return store().loadOrCreate(name);
                    }));
                }
                assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
                go.countDown();
                for (Future<Optional<Device>> f : round) f.get(60, TimeUnit.SECONDS); // wait for the round
                results.addAll(round);
            }
            for (int i = 0; i < results.size(); i++) {
                String name = "racer" + (i / threads);
                assertThat(results.get(i).get()).contains(new Device(name, null, Set.of(), false, 0));
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(deviceRows()).isEqualTo(users);
    }

    // ---- alias ---------------------------------------------------------------------------------------------------

    @Test
    void setAliasSetsAndNullClears() {
        account("alice");

        assertThat(store().setAlias("alice", "Jürgen 😀")).isTrue();
        assertThat(store().find("alice").orElseThrow().alias()).isEqualTo("Jürgen 😀");
        assertThat(store().setAlias("alice", "x".repeat(255))).isTrue();
        assertThat(store().find("alice").orElseThrow().alias()).isEqualTo("x".repeat(255));
        assertThat(store().setAlias("alice", null)).isTrue();
        assertThat(store().find("alice").orElseThrow().alias()).isNull();
    }

    @Test
    void setAliasOfAnUnknownAccountIsFalse() {
        assertThat(store().setAlias("nobody", "me")).isFalse();
        assertThat(deviceRows()).isZero();
    }

    @Test
    void usernamesWithAliasListsEveryDeviceSharingIt() {
        for (String u : List.of("phone", "tablet", "laptop", "other")) account(u);
        store().setAlias("tablet", "jürgen");
        store().setAlias("phone", "jürgen");
        store().setAlias("laptop", "jürgen");
        store().setAlias("other", "someone");

        assertThat(store().usernamesWithAlias("jürgen")).containsExactly("laptop", "phone", "tablet");
        assertThat(store().usernamesWithAlias("someone")).containsExactly("other");
        assertThat(store().usernamesWithAlias("Jürgen")).isEmpty();
        assertThat(store().usernamesWithAlias("nobody")).isEmpty();

        store().setAlias("phone", null);
        store().setAlias("laptop", "someone");
        assertThat(store().usernamesWithAlias("jürgen")).containsExactly("tablet");
        assertThat(store().usernamesWithAlias("someone")).containsExactly("laptop", "other");
    }

    // ---- tags ----------------------------------------------------------------------------------------------------

    @Test
    void setTagsReplacesTheTags() {
        account("alice");

        assertThat(store().setTags("alice", List.of("news", "sports", "news"))).isTrue();
        assertThat(tags("alice")).containsExactlyInAnyOrder("news", "sports");
        assertThat(store().setTags("alice", List.of("weather", "日本"))).isTrue();
        assertThat(tags("alice")).containsExactlyInAnyOrder("weather", "日本");
        assertThat(store().setTags("alice", List.of())).isTrue();
        assertThat(tags("alice")).isEmpty();
    }

    @Test
    void addTagsKeepsExistingOnesAndIgnoresDuplicates() {
        account("alice");
        store().setTags("alice", List.of("news"));

        assertThat(store().addTags("alice", List.of("news", "sports", "sports"))).isTrue();
        assertThat(tags("alice")).containsExactlyInAnyOrder("news", "sports");
        assertThat(store().addTags("alice", List.of())).isTrue();
        assertThat(tags("alice")).containsExactlyInAnyOrder("news", "sports");
    }

    @Test
    void addTagsCreatesTheDeviceRow() {
        account("alice");

        assertThat(store().addTags("alice", List.of("news"))).isTrue();

        assertThat(store().find("alice")).contains(new Device("alice", null, Set.of("news"), false, 0));
    }

    @Test
    void removeTagsRemovesOnlyTheGivenOnes() {
        account("alice");
        account("bob");
        store().setTags("alice", List.of("news", "sports", "weather"));
        store().setTags("bob", List.of("news"));

        assertThat(store().removeTags("alice", List.of("news", "weather", "unknown"))).isTrue();

        assertThat(tags("alice")).containsExactly("sports");
        assertThat(tags("bob")).containsExactly("news");
    }

    @Test
    void tagOperationsOnAnUnknownAccountAreFalse() {
        assertThat(store().setTags("nobody", List.of("news"))).isFalse();
        assertThat(store().addTags("nobody", List.of("news"))).isFalse();
        assertThat(store().removeTags("nobody", List.of("news"))).isFalse();
        assertThat(store().countWithTag("news")).isZero();
    }

    @Test
    void countWithTagCountsTaggedDevices() {
        for (String u : List.of("a", "b", "c")) account(u);
        store().setTags("a", List.of("news", "sports"));
        store().setTags("b", List.of("news"));
        store().setTags("c", List.of("sports"));

        assertThat(store().countWithTag("news")).isEqualTo(2);
        assertThat(store().countWithTag("sports")).isEqualTo(2);
        assertThat(store().countWithTag("weather")).isZero();

        store().removeTags("a", List.of("news"));
        assertThat(store().countWithTag("news")).isEqualTo(1);
    }

    // ---- acknowledges --------------------------------------------------------------------------------------------

    @Test
    void markAcknowledgingSetsTheFlagOnce() {
        account("alice");
        account("bob");
        store().loadOrCreate("alice");
        store().loadOrCreate("bob");

        store().markAcknowledging("alice");
        store().markAcknowledging("alice");

        assertThat(store().find("alice").orElseThrow().acknowledges()).isTrue();
        assertThat(store().find("bob").orElseThrow().acknowledges()).isFalse();
    }

    @Test
    void markAcknowledgingOfAnUnknownAccountDoesNothing() {
        assertThat(store().markAcknowledging("nobody")).isFalse();

        assertThat(deviceRows()).isZero();
    }

    /**
     * The SDK declares {@code acknowledges='true'} in its device IQ, which may arrive before the device's row
     * was ever created (the row is created when the notification engine first loads the device's backlog).
     */
    @Test
    void markAcknowledgingBeforeTheDeviceRowExistsIsKept() {
        account("alice");

        assertThat(store().markAcknowledging("alice")).isTrue();

        assertThat(store().loadOrCreate("alice").orElseThrow().acknowledges()).isTrue();
    }

    /** The device IQ and the HTTP API may add the same tag to one device at the same time. */
    @Test
    void concurrentAddTagsOfTheSameTagAllSucceed() throws Exception {
        int threads = 8;
        int rounds = 40;
        account("alice");
        store().loadOrCreate("alice");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int r = 0; r < rounds; r++) {
                String tag = "tag" + r;
                CountDownLatch ready = new CountDownLatch(threads);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        ready.countDown();
                        go.await();
                        return store().addTags("alice", List.of(tag));
                    }));
                }
                assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
                go.countDown();
                for (Future<Boolean> f : results) assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(tags("alice")).hasSize(rounds);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    Jdbi jdbi() {
        return database().jdbi();
    }

    DeviceStore store() {
        return new DeviceStore(jdbi());
    }

    void account(String name) {
        assertThat(new JdbcAccountStore(jdbi()).create(name, CREDS, CREDS)).isTrue();
    }

    Set<String> tags(String name) {
        return store().find(name).orElseThrow().tags();
    }

    int deviceRows() {
        return jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM devices").mapTo(Integer.class).one());
    }

    /** Empties every table, children first (for databases kept across tests). */
    static void emptyTables(Jdbi jdbi) {
        jdbi.useTransaction(h -> {
            for (String t : List.of("deliveries", "notifications", "device_tags", "devices", "accounts")) {
                h.execute("DELETE FROM " + t);
            }
        });
    }
}
