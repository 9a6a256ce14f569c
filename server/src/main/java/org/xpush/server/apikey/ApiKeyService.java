package org.xpush.server.apikey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys for the HTTP API: create (the secret is returned once), list, revoke, and authenticate a
 * presented key on every request.
 *
 * <p><b>Format and storage.</b> A key is {@code xp_} followed by 32 random bytes in base64url without
 * padding (46 characters). Only its SHA-256 digest is stored. Keys have 256 bits of entropy, so nobody can
 * find a preimage of a digest, and a slow password hash would only cost time on every request.
 *
 * <p><b>Comparisons.</b> A presented key is hashed and the digest looked up (cache, then the unique index);
 * no secret is ever compared with another in memory. Timing differences in those lookups can at most tell
 * an attacker something about digests, which does not help to find a key, so no constant-time comparison
 * is needed on this path.
 *
 * <p><b>Caching.</b> Lookups, found or not, are cached for {@link #CACHE_TTL}. A revocation made through this
 * service takes effect at once on this node (the key is refused from the moment {@link #revoke} returns); a
 * revocation made on another node, or with the CLI, takes effect here within {@link #CACHE_TTL}.
 *
 * <p><b>Last use</b> is written at most once per {@link #LAST_USED_GRANULARITY} per key and node, on the
 * {@code background} executor, so that authenticating costs no database write.
 *
 * <p>Thread-safe. {@link #authenticate} blocks on JDBC on a cache miss, every other method always: call them
 * from virtual or worker threads (HTTP handlers run on virtual threads), never from a Netty event loop.
 */
public final class ApiKeyService {

    /** Every generated key starts with this, so that scanners (and people) recognise a leaked xpush key. */
    public static final String PREFIX = "xp_";

    /** Id of the key created at first start. */
    public static final String INITIAL_ID = "initial";

    /** Name of the key created at first start. */
    public static final String INITIAL_NAME = "initial";

    /** Longest name accepted (the column's size). */
    public static final int MAX_NAME_LENGTH = 100;

    /** How long a lookup result is reused before the database is asked again. */
    static final Duration CACHE_TTL = Duration.ofSeconds(5);

    /** Last use is recorded to this precision. */
    static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    /** Presented keys longer than this are refused without hashing. */
    static final int MAX_PRESENTED_LENGTH = 256;

    /** RFC 6750 §2.1 b64token: what can follow {@code Bearer } in a header, so what a key may consist of. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private static final int SECRET_BYTES = 32;
    private static final int ID_BYTES = 6;
    private static final int ID_ATTEMPTS = 5;

    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);

    private final ApiKeyStore store;
    private final Executor background;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Digest (hex) → the valid key it belongs to, or empty for unknown and revoked keys. */
    private final Cache<String, Optional<ApiKey>> lookups;
    /** Ids revoked through this service: refused even if a lookup racing the revocation cached them. */
    private final Set<String> revokedHere = ConcurrentHashMap.newKeySet();
    /** Key id → the last use this node wrote (or is writing). */
    private final ConcurrentHashMap<String, Instant> lastUseWritten = new ConcurrentHashMap<>();

    /** A service on the system clock. */
    public ApiKeyService(ApiKeyStore store, Executor background) {
        this(store, background, Clock.systemUTC());
    }

    /**
     * @param background runs the last-use updates (blocking JDBC); e.g. the server's blocking-work executor,
     *                   or {@code Runnable::run} where nothing authenticates (the CLI)
     * @param clock      stamps creation, revocation and last use
     */
    public ApiKeyService(ApiKeyStore store, Executor background, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.background = Objects.requireNonNull(background, "background");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lookups = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL).maximumSize(10_000).build();
    }

    /**
     * Creates a key with a new random secret. Blocks.
     *
     * @param name a label for the operator: 1 to {@value #MAX_NAME_LENGTH} characters, no control characters
     * @return the record and the secret, which is not stored and cannot be shown again
     * @throws IllegalArgumentException if the name is not acceptable
     */
    public NewApiKey create(String name) {
        String label = checkName(name);
        for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
            Optional<NewApiKey> created = insert(newId(), label, newSecret());
            if (created.isPresent()) return created.get();
        }
        // 48 random bits: five collisions in a row mean something else is wrong.
        throw new IllegalStateException("could not find a free API key id in " + ID_ATTEMPTS + " attempts");
    }

    /**
     * On first start (no key at all, revoked ones included), creates the key {@value #INITIAL_ID} so that the
     * API can be used at once. Blocks.
     *
     * <p>Revoked keys count: revoking every key and restarting does not bring a key back. When two nodes
     * start on an empty database together, the primary key lets exactly one of them create it.
     *
     * @param fromEnv the value of {@code XPUSH_API_KEY}, or null/blank to generate a random key
     * @return the new key, for the caller to print once (print only its id when {@code fromEnv} was given:
     *         the operator has the secret already and it should not end up in logs); empty when keys exist
     * @throws IllegalArgumentException if {@code fromEnv} is too short, too long, or not a valid bearer token
     */
    public Optional<NewApiKey> ensureInitialKey(String fromEnv) {
        String secret;
        if (fromEnv == null || fromEnv.isBlank()) {
            secret = newSecret();
        } else {
            secret = fromEnv.strip();
            if (secret.length() < 32 || secret.length() > MAX_PRESENTED_LENGTH || !B64TOKEN.matcher(secret).matches()) {
                throw new IllegalArgumentException("XPUSH_API_KEY must be 32 to " + MAX_PRESENTED_LENGTH
                        + " characters of A-Z a-z 0-9 - . _ ~ + / (optionally ending in =), e.g. the output of"
                        + " `openssl rand -base64 32`");
            }
        }
        if (store.count() > 0) return Optional.empty();
        return insert(INITIAL_ID, INITIAL_NAME, secret);
    }

    /** Every key, revoked ones included, oldest first. Blocks. */
    public List<ApiKey> list() {
        return store.list();
    }

    /** The key with this id, revoked or not. Blocks. */
    public Optional<ApiKey> find(String id) {
        return store.find(id);
    }

    /**
     * Revokes a key: from the moment this returns, this node refuses it. Blocks.
     *
     * @return true if the key was valid and is now revoked; false if there is no such key or it was revoked
     *         already
     */
    public boolean revoke(String id) {
        Objects.requireNonNull(id, "id");
        boolean revoked = store.revoke(id, clock.instant());
        // Also when it was revoked already (perhaps by another node): refuse it here now rather than in CACHE_TTL.
        revokedHere.add(id);
        lookups.asMap().values().removeIf(found -> found.isPresent() && found.get().id().equals(id));
        return revoked;
    }

    /**
     * The valid key whose secret is {@code presented}, or empty for an unknown, revoked or malformed one.
     * Blocks on a cache miss. Records the use (at most once a minute per key, in the background).
     *
     * @param presented the token of an {@code Authorization: Bearer} header
     */
    public Optional<ApiKey> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_PRESENTED_LENGTH) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        String cacheKey = HexFormat.of().formatHex(digest);
        Optional<ApiKey> found = lookups.getIfPresent(cacheKey);
        if (found == null) {
            // Not lookups.get(key, loader): that would hold a map lock during JDBC. Two concurrent misses for one
            // key both ask the database, which is harmless.
            found = store.findByHash(digest).filter(key -> !key.isRevoked());
            lookups.put(cacheKey, found);
        }
        if (found.isEmpty() || revokedHere.contains(found.get().id())) return Optional.empty();
        recordUse(found.get().id());
        return found;
    }

    private void recordUse(String id) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant previous = lastUseWritten.get(id);
        if (previous != null && now.isBefore(previous.plus(LAST_USED_GRANULARITY))) return;
        boolean mine = previous == null
                ? lastUseWritten.putIfAbsent(id, now) == null
                : lastUseWritten.replace(id, previous, now);
        if (!mine) return; // another request of this key is writing it
        background.execute(() -> {
            try {
                store.touch(id, now);
            } catch (RuntimeException e) {
                // Bookkeeping only: the request it belongs to went through.
                log.warn("could not record the last use of API key {}", id, e);
            }
        });
    }

    private Optional<NewApiKey> insert(String id, String name, String secret) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ApiKey key = new ApiKey(id, name, now, null, null);
        byte[] digest = sha256(secret);
        if (!store.insert(key, digest)) return Optional.empty();
        // A lookup of this secret before it existed (only possible for a chosen XPUSH_API_KEY) cached "unknown".
        lookups.invalidate(HexFormat.of().formatHex(digest));
        return Optional.of(new NewApiKey(key, secret));
    }

    private String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lower-case hex: no character a shell or picocli reads specially (base64url may start with '-'). */
    private String newId() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String checkName(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("the API key name must not be empty");
        String label = name.strip();
        if (label.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("the API key name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (label.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the API key name must not contain control characters");
        }
        return label;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
