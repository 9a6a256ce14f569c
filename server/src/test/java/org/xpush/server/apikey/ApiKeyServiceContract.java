package org.xpush.server.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xpush.server.storage.Database;

/**
 * What API keys must do on every supported database. A subclass supplies a database whose {@code api_keys}
 * table is empty when each test starts.
 */
abstract class ApiKeyServiceContract {

    /** The database under test, with an empty {@code api_keys} table. */
    protected abstract Database database();

    protected ApiKeyService service() {
        return new ApiKeyService(new ApiKeyStore(database().jdbi()), Runnable::run);
    }

    @Test
    void createdKeyIsShownOnceAndStoredOnlyAsItsSha256() {
        Instant before = Instant.now();
        NewApiKey created = service().create("billing");

        assertThat(created.secret()).matches("xp_[A-Za-z0-9_-]{43}");
        assertThat(created.key().id()).matches("[0-9a-f]{12}");
        assertThat(created.key().name()).isEqualTo("billing");
        assertThat(created.key().created()).isBetween(before.minusMillis(1), Instant.now());
        assertThat(created.toString()).doesNotContain(created.secret());

        List<Map<String, Object>> rows = database().jdbi().withHandle(h -> h.createQuery("SELECT * FROM api_keys")
                .mapToMap().list());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).toString()).doesNotContain(created.secret().substring(3));
        byte[] stored = database().jdbi().withHandle(h -> h.createQuery("SELECT key_hash FROM api_keys")
                .mapTo(byte[].class).one());
        assertThat(HexFormat.of().formatHex(stored))
                .isEqualTo(HexFormat.of().formatHex(ApiKeyService.sha256(created.secret())));
    }

    @Test
    void keyAuthenticatesAndOthersDoNot() {
        ApiKeyService service = service();
        NewApiKey created = service.create("billing");

        assertThat(service.authenticate(created.secret())).map(ApiKey::id).contains(created.key().id());
        assertThat(service.authenticate(created.secret() + "x")).isEmpty();
        assertThat(service.authenticate("xp_" + "A".repeat(43))).isEmpty();
        assertThat(service.authenticate("")).isEmpty();
        assertThat(service.authenticate(null)).isEmpty();
        assertThat(service.authenticate("x".repeat(10_000))).isEmpty();
    }

    @Test
    void revokedKeyIsRefusedAtOnceEvenAfterItWasCached() {
        ApiKeyService service = service();
        NewApiKey created = service.create("billing");
        assertThat(service.authenticate(created.secret())).isPresent();

        assertThat(service.revoke(created.key().id())).isTrue();

        assertThat(service.authenticate(created.secret())).isEmpty();
        assertThat(service.revoke(created.key().id())).as("already revoked").isFalse();
        assertThat(service.find(created.key().id()).orElseThrow().isRevoked()).isTrue();
        assertThat(service.revoke("no-such-key")).isFalse();
    }

    @Test
    void revocationByAnotherNodeIsSeenWhereTheKeyIsNotCached() {
        ApiKeyService otherNode = service();
        ApiKeyService thisNode = service();
        NewApiKey created = thisNode.create("billing");

        otherNode.revoke(created.key().id());

        // Not cached here yet: the database answers, and the key is refused.
        assertThat(thisNode.authenticate(created.secret())).isEmpty();
    }

    @Test
    void listShowsEveryKeyOldestFirstWithRevocation() {
        ApiKeyService service = service();
        NewApiKey first = service.create("first");
        NewApiKey second = service.create("second");
        service.revoke(first.key().id());

        List<ApiKey> keys = service.list();

        assertThat(keys).extracting(ApiKey::name).containsExactly("first", "second");
        assertThat(keys.get(0).revoked()).isNotNull();
        assertThat(keys.get(1).revoked()).isNull();
        assertThat(keys.get(1).lastUsed()).isNull();
        assertThat(keys.get(1).id()).isEqualTo(second.key().id());
    }

    @Test
    void useIsRecordedInTheStore() {
        ApiKeyService service = service();
        NewApiKey created = service.create("billing");

        service.authenticate(created.secret());

        assertThat(service.find(created.key().id()).orElseThrow().lastUsed()).isNotNull();
    }

    @Test
    void initialKeyIsCreatedOnlyInAnEmptyDatabase() {
        ApiKeyService service = service();

        NewApiKey initial = service.ensureInitialKey(null).orElseThrow();

        assertThat(initial.key().id()).isEqualTo("initial");
        assertThat(initial.key().name()).isEqualTo("initial");
        assertThat(service.authenticate(initial.secret())).isPresent();
        assertThat(service.ensureInitialKey(null)).isEmpty();
        assertThat(service().ensureInitialKey(null)).as("another node").isEmpty();
    }

    @Test
    void revokingEveryKeyDoesNotBringTheInitialKeyBack() {
        ApiKeyService service = service();
        service.revoke(service.ensureInitialKey(null).orElseThrow().key().id());

        assertThat(service.ensureInitialKey(null)).isEmpty();
    }

    @Test
    void initialKeyCanComeFromTheEnvironment() {
        ApiKeyService service = service();
        String fromEnv = "my-own-key-of-forty-characters-0123456789";

        NewApiKey initial = service.ensureInitialKey(" " + fromEnv + "\n").orElseThrow();

        assertThat(initial.secret()).isEqualTo(fromEnv);
        assertThat(service.authenticate(fromEnv)).map(ApiKey::id).contains("initial");
    }

    @Test
    void weakOrMalformedEnvironmentKeyIsRefused() {
        assertThatThrownBy(() -> service().ensureInitialKey("short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XPUSH_API_KEY");
        assertThatThrownBy(() -> service().ensureInitialKey("forty characters but with spaces in it !!"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(service().list()).isEmpty();
    }

    @Test
    void namesAreCheckedAndStripped() {
        assertThat(service().create("  ci  ").key().name()).isEqualTo("ci");
        assertThat(service().create("ünïcode – ключ").key().name()).isEqualTo("ünïcode – ключ");
        assertThatThrownBy(() -> service().create(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service().create("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service().create("x".repeat(101))).isInstanceOf(IllegalArgumentException.class);
        assertThat(service().create("x".repeat(100)).key().name()).hasSize(100);
    }

    @Test
    void duplicateIdOrHashIsRefusedByTheStore() {
        ApiKeyStore store = new ApiKeyStore(database().jdbi());
        Instant now = Instant.parse("2025-01-31T12:00:00.123456Z");
        assertThat(store.insert(new ApiKey("a1", "one", now, null, null), new byte[] {1, 2, 3})).isTrue();

        assertThat(store.insert(new ApiKey("a1", "two", now, null, null), new byte[] {4})).isFalse();
        assertThat(store.insert(new ApiKey("a2", "two", now, null, null), new byte[] {1, 2, 3})).isFalse();
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.find("a1").orElseThrow().created()).isEqualTo(now);
    }

    @Test
    void lastUseOnlyMovesForward() {
        ApiKeyStore store = new ApiKeyStore(database().jdbi());
        Instant now = Instant.parse("2025-01-31T12:00:00Z");
        store.insert(new ApiKey("a1", "one", now, null, null), new byte[] {1});

        store.touch("a1", now.plusSeconds(120));
        store.touch("a1", now.plusSeconds(60));

        assertThat(store.find("a1").orElseThrow().lastUsed()).isEqualTo(now.plusSeconds(120));
    }
}
