package org.xpush.server.sasl;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.xpush.server.account.Account;
import org.xpush.server.account.ScramCredentials;

/**
 * The hash functions xpush offers for SCRAM (RFC 5802 SCRAM-SHA-1, RFC 7677 SCRAM-SHA-256), and the password
 * arithmetic around them. Every account stores credentials for both.
 *
 * <p>Passwords are normalised with SASLprep (RFC 4013, "stored strings" profile) before hashing, as RFC 5802 §2.2
 * requires; a password that SASLprep rejects (e.g. control characters) cannot be set and never verifies.
 *
 * <p>Thread-safe. {@link #derive} and {@link #verify} run PBKDF2 ({@value #DEFAULT_ITERATIONS} rounds by default,
 * a few milliseconds): call them from a worker or virtual thread, never from a Netty event loop.
 */
public enum ScramHash {
    SHA_1("SCRAM-SHA-1", ScramMechanism.SCRAM_SHA_1),
    SHA_256("SCRAM-SHA-256", ScramMechanism.SCRAM_SHA_256);

    /** Iteration count for new credentials; RFC 7677 §4 asks for at least 4096. */
    public static final int DEFAULT_ITERATIONS = 4096;

    /** Salt length in bytes for new credentials. */
    public static final int SALT_LENGTH = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String mechanismName;
    private final ScramMechanism mechanism;

    ScramHash(String mechanismName, ScramMechanism mechanism) {
        this.mechanismName = mechanismName;
        this.mechanism = mechanism;
    }

    /** The SASL mechanism name, e.g. {@code SCRAM-SHA-256}. */
    public String mechanismName() {
        return mechanismName;
    }

    /**
     * Derives stored credentials from a password (RFC 5802 §3: SaltedPassword = Hi(Normalize(password), salt, i))
     * with a fresh random {@value #SALT_LENGTH}-byte salt and {@value #DEFAULT_ITERATIONS} iterations.
     *
     * @throws IllegalArgumentException if the password is empty or SASLprep rejects it
     */
    public ScramCredentials derive(String password) {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return derive(password, salt, DEFAULT_ITERATIONS);
    }

    /**
     * Derives stored credentials from a password with the given salt and iteration count.
     *
     * @throws IllegalArgumentException if the password is empty or SASLprep rejects it, the salt is empty or the
     *                                  iteration count is not positive
     */
    public ScramCredentials derive(String password, byte[] salt, int iterations) {
        if (salt.length == 0) throw new IllegalArgumentException("salt must not be empty");
        if (iterations < 1) throw new IllegalArgumentException("iterations must be positive");
        byte[] saltedPassword = saltedPassword(password, salt, iterations);
        byte[] clientKey = ScramFunctions.clientKey(mechanism, saltedPassword);
        return new ScramCredentials(
                salt,
                iterations,
                ScramFunctions.storedKey(mechanism, clientKey),
                ScramFunctions.serverKey(mechanism, saltedPassword));
    }

    /**
     * Checks a plain password against stored credentials (for PLAIN and XEP-0078), comparing the derived StoredKey
     * in constant time. A password that SASLprep rejects never matches.
     */
    public boolean verify(String password, ScramCredentials stored) {
        byte[] saltedPassword;
        try {
            saltedPassword = saltedPassword(password, stored.salt(), stored.iterations());
        } catch (IllegalArgumentException e) {
            return false; // not a valid password, so not this one
        }
        byte[] storedKey = ScramFunctions.storedKey(mechanism, ScramFunctions.clientKey(mechanism, saltedPassword));
        return MessageDigest.isEqual(storedKey, stored.storedKey());
    }

    /** The credentials of this hash function that an account stores. */
    ScramCredentials credentialsOf(Account account) {
        return switch (this) {
            case SHA_1 -> account.sha1();
            case SHA_256 -> account.sha256();
        };
    }

    /** The scram-common mechanism that computes this hash's functions. */
    ScramMechanism mechanism() {
        return mechanism;
    }

    /** Output length of the hash function in bytes (the length of a ClientProof). */
    int hashLength() {
        return this == SHA_1 ? 20 : 32;
    }

    private byte[] saltedPassword(String password, byte[] salt, int iterations) {
        if (password == null || password.isEmpty()) throw new IllegalArgumentException("password must not be empty");
        // StringPreparation.normalize throws IllegalArgumentException for strings SASLprep prohibits, and (stringprep
        // 2.x) IndexOutOfBoundsException for one that maps to nothing, such as a lone soft hyphen.
        try {
            return ScramFunctions.saltedPassword(
                    mechanism, StringPreparation.SASL_PREPARATION, password.toCharArray(), salt, iterations);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("password is empty after SASLprep", e);
        }
    }
}
