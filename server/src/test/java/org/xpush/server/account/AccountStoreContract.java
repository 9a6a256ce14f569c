package org.xpush.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AccountStore} must do. A subclass supplies a store that is empty when each test starts.
 */
abstract class AccountStoreContract {

    private final Random random = new Random(20240611);

    /** The store under test, empty at the start of each test. */
    protected abstract AccountStore store();

    @Test
    void createdAccountIsFoundWithEveryByteOfBothCredentials() {
        ScramCredentials sha1 = credentials(20, 4096);
        // Edge bytes that a text or signed conversion would damage.
        ScramCredentials sha256 = new ScramCredentials(
                new byte[] {0, -1, (byte) 0x80, 0x7f, 0, 0}, 10_000, bytes(32), new byte[] {-1, 0, 1, -128, 127});
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);

        assertThat(store().create("alice", sha1, sha256)).isTrue();

        Account account = store().find("alice").orElseThrow();
        assertThat(account.username()).isEqualTo("alice");
        assertThat(account.sha1()).isEqualTo(sha1);
        assertThat(account.sha256()).isEqualTo(sha256);
        assertThat(account.sha256().salt()).containsExactly(0, -1, (byte) 0x80, 0x7f, 0, 0);
        assertThat(account.sha1().iterations()).isEqualTo(4096);
        assertThat(account.sha256().iterations()).isEqualTo(10_000);
        assertThat(account.created()).isBetween(before, Instant.now());
    }

    @Test
    void unknownAccountIsNotFound() {
        store().create("alice", credentials(20, 4096), credentials(32, 4096));

        assertThat(store().find("bob")).isEmpty();
    }

    @Test
    void longAndNonAsciiNamesRoundTrip() {
        String longest = "x".repeat(1023);
        String unicode = "jürgen-名前-😀";

        assertThat(store().create(longest, credentials(20, 1), credentials(32, 1))).isTrue();
        assertThat(store().create(unicode, credentials(20, 1), credentials(32, 1))).isTrue();

        assertThat(store().find(longest).orElseThrow().username()).isEqualTo(longest);
        assertThat(store().find(unicode).orElseThrow().username()).isEqualTo(unicode);
    }

    @Test
    void takenNameIsRefusedAndKeepsTheFirstCredentials() {
        ScramCredentials first = credentials(20, 4096);
        store().create("alice", first, credentials(32, 4096));

        assertThat(store().create("alice", credentials(20, 9999), credentials(32, 9999))).isFalse();

        assertThat(store().find("alice").orElseThrow().sha1()).isEqualTo(first);
        assertThat(store().count()).isEqualTo(1);
    }

    @Test
    void concurrentCreatesOfOneNameSucceedExactlyOnce() throws Exception {
        int threads = 16;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 10; round++) {
                String name = "racer" + round;
                CountDownLatch ready = new CountDownLatch(threads);
                CountDownLatch go = new CountDownLatch(1);
                List<ScramCredentials> attempts = new ArrayList<>();
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    ScramCredentials sha1 = credentials(20, 1000 + i);
                    attempts.add(sha1);
                    ScramCredentials sha256 = credentials(32, 1000 + i);
                    results.add(executor.submit(() -> {
                        ready.countDown();
                        go.await();
                        return store().create(name, sha1, sha256);
                    }));
                }
                assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
                go.countDown();

                List<Integer> winners = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    if (results.get(i).get(30, TimeUnit.SECONDS)) winners.add(i);
                }
                assertThat(winners).as("threads whose create of %s returned true", name).hasSize(1);
                assertThat(store().find(name).orElseThrow().sha1()).isEqualTo(attempts.get(winners.get(0)));
            }
            assertThat(store().count()).isEqualTo(10);
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void updateReplacesBothCredentialsAndKeepsCreationTime() {
        store().create("alice", credentials(20, 4096), credentials(32, 4096));
        Instant created = store().find("alice").orElseThrow().created();
        ScramCredentials sha1 = credentials(20, 8192);
        ScramCredentials sha256 = credentials(32, 8192);

        assertThat(store().updateCredentials("alice", sha1, sha256)).isTrue();

        Account account = store().find("alice").orElseThrow();
        assertThat(account.sha1()).isEqualTo(sha1);
        assertThat(account.sha256()).isEqualTo(sha256);
        assertThat(account.created()).isEqualTo(created);
    }

    @Test
    void updateOfUnknownAccountReturnsFalseAndCreatesNothing() {
        assertThat(store().updateCredentials("ghost", credentials(20, 1), credentials(32, 1))).isFalse();

        assertThat(store().find("ghost")).isEmpty();
        assertThat(store().count()).isZero();
    }

    @Test
    void deleteRemovesTheAccountAndFreesTheName() {
        store().create("alice", credentials(20, 4096), credentials(32, 4096));
        store().create("bob", credentials(20, 4096), credentials(32, 4096));

        assertThat(store().delete("alice")).isTrue();

        assertThat(store().find("alice")).isEmpty();
        assertThat(store().find("bob")).isPresent();
        assertThat(store().delete("alice")).isFalse();
        assertThat(store().create("alice", credentials(20, 1), credentials(32, 1))).isTrue();
    }

    @Test
    void deleteOfUnknownAccountReturnsFalse() {
        assertThat(store().delete("ghost")).isFalse();
    }

    @Test
    void countCountsAccounts() {
        assertThat(store().count()).isZero();
        createAll("a", "b", "c");
        assertThat(store().count()).isEqualTo(3);
        store().delete("b");
        assertThat(store().count()).isEqualTo(2);
    }

    @Test
    void listPagesThroughAllNamesInOrder() {
        List<String> names = IntStream.rangeClosed(1, 25).mapToObj(i -> String.format("user%02d", i)).toList();
        createAll(names.reversed().toArray(String[]::new));

        List<String> first = store().list(null, null, 10);
        List<String> second = store().list(null, first.getLast(), 10);
        List<String> third = store().list(null, second.getLast(), 10);

        assertThat(first).isEqualTo(names.subList(0, 10));
        assertThat(second).isEqualTo(names.subList(10, 20));
        assertThat(third).isEqualTo(names.subList(20, 25));
        assertThat(store().list(null, third.getLast(), 10)).isEmpty();
    }

    @Test
    void listStartsAfterANameThatNeedNotExist() {
        createAll("anna", "bert", "carl", "dora");

        assertThat(store().list(null, "bz", 10)).containsExactly("carl", "dora");
        assertThat(store().list(null, "bert", 10)).containsExactly("carl", "dora");
    }

    @Test
    void listWithPrefixPagesOnlyThroughMatchingNames() {
        List<String> devices = IntStream.rangeClosed(1, 12).mapToObj(i -> String.format("dev%02d", i)).toList();
        createAll(devices.toArray(String[]::new));
        createAll("alpha", "de", "devil", "zed");

        List<String> first = store().list("dev0", null, 5);
        List<String> second = store().list("dev0", first.getLast(), 5);

        assertThat(first).isEqualTo(devices.subList(0, 5));
        assertThat(second).isEqualTo(devices.subList(5, 9));
        assertThat(store().list("dev", "dev12", 5)).containsExactly("devil");
        assertThat(store().list("nobody", null, 5)).isEmpty();
    }

    @Test
    void listPrefixTakesWildcardsAndEscapeCharactersLiterally() {
        createAll("a_b1", "a_b2", "axb", "a%c", "a%%", "abc%", "a!b", "a!!", "a\\b", "ab");

        assertThat(store().list("a_", null, 100)).containsExactlyInAnyOrder("a_b1", "a_b2");
        assertThat(store().list("a%", null, 100)).containsExactlyInAnyOrder("a%c", "a%%");
        assertThat(store().list("a%%", null, 100)).containsExactly("a%%");
        assertThat(store().list("a!", null, 100)).containsExactlyInAnyOrder("a!b", "a!!");
        assertThat(store().list("a\\", null, 100)).containsExactly("a\\b");
        assertThat(store().list("abc%", null, 100)).containsExactly("abc%");
        assertThat(store().list("a", null, 100)).hasSize(10);
    }

    @Test
    void namesWithWildcardsPageWithoutLossOrRepeat() {
        List<String> names = List.of("m_1", "m%2", "m!3", "m\\4", "m_5", "m%%6", "mx7", "m__8");
        createAll(names.toArray(String[]::new));

        List<String> all = store().list("m", null, 100);
        List<String> paged = new ArrayList<>();
        String after = null;
        for (List<String> page = store().list("m", null, 3); !page.isEmpty(); page = store().list("m", after, 3)) {
            paged.addAll(page);
            after = page.getLast();
        }

        assertThat(all).containsExactlyInAnyOrderElementsOf(names);
        assertThat(paged).isEqualTo(all);
    }

    @Test
    void storeKeepsCaseAsGivenBecauseTheCallerNormalises() {
        assertThat(store().create("Alice", credentials(20, 1), credentials(32, 1))).isTrue();
        assertThat(store().create("alice", credentials(20, 2), credentials(32, 2))).isTrue();

        assertThat(store().find("Alice").orElseThrow().username()).isEqualTo("Alice");
        assertThat(store().find("ALICE")).isEmpty();
        assertThat(store().list("a", null, 10)).containsExactly("alice");
        assertThat(store().list("A", null, 10)).containsExactly("Alice");
        assertThat(store().count()).isEqualTo(2);
    }

    @Test
    void listWithZeroLimitIsEmptyAndNegativeLimitIsRefused() {
        createAll("alice");

        assertThat(store().list(null, null, 0)).isEmpty();
        assertThatThrownBy(() -> store().list(null, null, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listedPageCannotBeModified() {
        createAll("alice");

        List<String> page = store().list(null, null, 10);

        assertThatThrownBy(() -> page.add("mallory")).isInstanceOf(UnsupportedOperationException.class);
    }

    protected final void createAll(String... names) {
        for (String name : names) {
            assertThat(store().create(name, credentials(20, 4096), credentials(32, 4096)))
                    .as("create %s", name)
                    .isTrue();
        }
    }

    protected final ScramCredentials credentials(int keyLength, int iterations) {
        return new ScramCredentials(bytes(16), iterations, bytes(keyLength), bytes(keyLength));
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
