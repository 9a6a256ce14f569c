package org.xpush.server.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.xpush.server.account.ScramCredentials;

/**
 * Credentials for user names that have no account, so that SCRAM's server-first-message does not reveal whether an
 * account exists (RFC 5802 §9 on user enumeration). The salt is an HMAC of the name under a key chosen at random
 * when this object is made: stable for the same name for as long as the process runs, like a real salt. The keys are
 * random and never verify; callers also refuse unknown users explicitly. Thread-safe.
 */
final class DecoyCredentials {

    private static final String HMAC = "HmacSHA256";

    private final SecureRandom random;
    private final byte[] key = new byte[32];

    DecoyCredentials(SecureRandom random) {
        this.random = random;
        random.nextBytes(key);
    }

    ScramCredentials forUnknownUser(ScramHash hash, String username) {
        byte[] digest;
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            mac.update(hash.mechanismName().getBytes(UTF_8));
            mac.update((byte) 0);
            digest = mac.doFinal(username.getBytes(UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
        byte[] storedKey = new byte[hash.hashLength()];
        byte[] serverKey = new byte[hash.hashLength()];
        random.nextBytes(storedKey);
        random.nextBytes(serverKey);
        return new ScramCredentials(
                Arrays.copyOf(digest, ScramHash.SALT_LENGTH), ScramHash.DEFAULT_ITERATIONS, storedKey, serverKey);
    }
}
