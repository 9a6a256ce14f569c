package org.xpush.server.console.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Console accounts: the first one at first start, password checks at sign-in, password changes. Passwords are
 * stored as bcrypt hashes ({@code at.favre.lib:bcrypt}); bcrypt reads at most 72 bytes, so longer passwords are
 * refused rather than silently cut.
 *
 * <p>Every method blocks (JDBC, and bcrypt takes a few hundred milliseconds on purpose): call from a virtual or
 * worker thread, never a Netty event loop. Thread-safe.
 */
public final class AdminAccounts {

    /** The account created at first start (DESIGN §3.1). */
    public static final String INITIAL_USERNAME = "admin";

    /** Shortest password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 8;

    /** Longest password accepted, in UTF-8 bytes: what bcrypt reads. */
    public static final int MAX_PASSWORD_BYTES = 72;

    /** bcrypt cost of new hashes: 2^10 rounds, OWASP's minimum, some 60 ms on one core of a small server. */
    public static final int DEFAULT_COST = 10;

    private final AdminStore store;
    private final int cost;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Hashed on first need, so that an unknown name costs as much time as a wrong password. */
    private volatile String decoyHash;

    /**
     * @param cost bcrypt cost (4 to 31) of new hashes; existing hashes keep theirs
     */
    public AdminAccounts(AdminStore store, int cost, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        if (cost < 4 || cost > 31) throw new IllegalArgumentException("bcrypt cost must be 4 to 31: " + cost);
        this.cost = cost;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public AdminAccounts(AdminStore store) {
        this(store, DEFAULT_COST, Clock.systemUTC());
    }

    /**
     * On first start (no console account), creates {@value #INITIAL_USERNAME}.
     *
     * @param fromEnv the value of {@code XPUSH_ADMIN_PASSWORD}, or null/blank to generate one
     * @return the password to print once when it was generated; empty when accounts existed or the password came
     *         from the environment (the operator knows it, and it should not end up in logs)
     * @throws IllegalArgumentException if {@code fromEnv} is not an acceptable password
     */
    public Optional<String> ensureInitialAccount(String fromEnv) {
        boolean generated = fromEnv == null || fromEnv.isBlank();
        String password = generated ? newPassword() : fromEnv;
        if (!generated) checkPassword(password, "XPUSH_ADMIN_PASSWORD");
        if (store.count() > 0) return Optional.empty();
        if (!store.insert(INITIAL_USERNAME, hash(password), clock.instant())) return Optional.empty();
        return generated ? Optional.of(password) : Optional.empty();
    }

    /**
     * Whether the password is right for the account. Unknown names, over-long passwords and right ones take about
     * the same time.
     */
    public boolean verify(String username, String password) {
        if (username == null || password == null) return false;
        Optional<String> stored = store.passwordHash(username);
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (stored.isEmpty() || bytes.length > MAX_PASSWORD_BYTES) {
            String decoy = decoyHash;
            if (decoy == null) decoyHash = decoy = hash("decoy password, never valid");
            BCrypt.verifyer().verify(new byte[] {'x'}, decoy.getBytes(StandardCharsets.US_ASCII));
            return false;
        }
        return BCrypt.verifyer().verify(bytes, stored.get().getBytes(StandardCharsets.US_ASCII)).verified;
    }

    /**
     * Sets a new password.
     *
     * @return false when there is no such account
     * @throws IllegalArgumentException if the password is not acceptable
     */
    public boolean changePassword(String username, String newPassword) {
        checkPassword(newPassword, "the password");
        return store.updatePasswordHash(username, hash(newPassword), clock.instant());
    }

    /** Throws IllegalArgumentException naming {@code what} unless the password is 8 characters to 72 bytes. */
    public static void checkPassword(String password, String what) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException(what + " must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException(what + " must be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
    }

    private String hash(String password) {
        return new String(BCrypt.withDefaults().hash(cost, password.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.US_ASCII);
    }

    /** 18 random bytes as 24 base64url characters: 144 bits, typed once and pasted into a password manager. */
    private String newPassword() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
