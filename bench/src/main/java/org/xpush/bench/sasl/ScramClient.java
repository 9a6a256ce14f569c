package org.xpush.bench.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of one SCRAM exchange (RFC 5802; SCRAM-SHA-256: RFC 7677), without channel binding ({@code n,,}).
 * Steps: {@link #clientFirst()}, {@link #clientFinal(String)} with the server-first message, then
 * {@link #verifyServerFinal(String)}.
 *
 * <p>The salted password costs PBKDF2 with the server's iteration count (4096 typically). RFC 5802 §5.1 lets a
 * client store the derived keys for a salt and iteration count and skip that work on later logins, as phones do;
 * a {@link KeyCache} does that across the clients of a run, so that a login storm measures the server and not
 * this generator's PBKDF2. Without a cache every exchange derives them.
 *
 * <p>Not thread-safe (one exchange); a {@link KeyCache} is.
 */
public final class ScramClient {

    /** Derived keys per (mechanism, password, salt, iterations), shared by the clients of a run. Thread-safe. */
    public static final class KeyCache {
        private final Map<String, Keys> keys = new ConcurrentHashMap<>();

        Keys get(String mechanism, String password, String salt, int iterations, KeyDerivation derive) {
            return keys.computeIfAbsent(mechanism + '\0' + salt + '\0' + iterations + '\0' + password,
                    k -> derive.keys());
        }

        /** Sets of derived keys held. */
        public int size() {
            return keys.size();
        }
    }

    /** ClientKey and ServerKey of RFC 5802 §3. */
    record Keys(byte[] clientKey, byte[] serverKey) {}

    private interface KeyDerivation {
        Keys keys();
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SaslMechanism mechanism;
    private final String username;
    private final String password;
    private final String clientNonce;
    private final KeyCache cache;
    private final String macAlgorithm;
    private final String digestAlgorithm;
    private final String pbkdf2Algorithm;
    private final int keyBytes;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    /**
     * @param cache derived keys to reuse, or null to derive them in every exchange
     */
    public ScramClient(SaslMechanism mechanism, String username, String password, KeyCache cache) {
        this(mechanism, username, password, newNonce(), cache);
    }

    /** With a given client nonce (the RFC test vectors). */
    ScramClient(SaslMechanism mechanism, String username, String password, String clientNonce, KeyCache cache) {
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.clientNonce = clientNonce;
        this.cache = cache;
        switch (mechanism) {
            case SCRAM_SHA_1 -> {
                macAlgorithm = "HmacSHA1";
                digestAlgorithm = "SHA-1";
                pbkdf2Algorithm = "PBKDF2WithHmacSHA1";
                keyBytes = 20;
            }
            case SCRAM_SHA_256 -> {
                macAlgorithm = "HmacSHA256";
                digestAlgorithm = "SHA-256";
                pbkdf2Algorithm = "PBKDF2WithHmacSHA256";
                keyBytes = 32;
            }
            default -> throw new IllegalArgumentException("not a SCRAM mechanism: " + mechanism);
        }
    }

    /** The client-first message: {@code n,,n=user,r=nonce}. */
    public String clientFirst() {
        clientFirstBare = "n=" + saslName(username) + ",r=" + clientNonce;
        return "n,," + clientFirstBare;
    }

    /**
     * The client-final message for the server-first message {@code r=…,s=…,i=…}.
     *
     * @throws IllegalArgumentException if the server's message is malformed or its nonce does not extend ours
     */
    public String clientFinal(String serverFirst) {
        if (clientFirstBare == null) throw new IllegalStateException("clientFirst() first");
        Map<Character, String> attrs = attributes(serverFirst);
        String nonce = attrs.get('r');
        String salt = attrs.get('s');
        String iterationsText = attrs.get('i');
        if (attrs.containsKey('m')) throw new IllegalArgumentException("server-first has a mandatory extension: " + serverFirst);
        if (nonce == null || salt == null || iterationsText == null) {
            throw new IllegalArgumentException("server-first lacks r, s or i: " + serverFirst);
        }
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new IllegalArgumentException("server nonce does not extend the client nonce: " + serverFirst);
        }
        int iterations;
        try {
            iterations = Integer.parseInt(iterationsText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad iteration count: " + serverFirst, e);
        }
        if (iterations < 1) throw new IllegalArgumentException("bad iteration count: " + serverFirst);
        byte[] saltBytes = base64(salt, "salt");
        KeyDerivation derive = () -> derive(saltBytes, iterations);
        Keys keys = cache == null ? derive.keys() : cache.get(mechanism.wireName(), password, salt, iterations, derive);
        String withoutProof = "c=biws,r=" + nonce; // biws = base64("n,,")
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(UTF_8);
        byte[] storedKey = digest(keys.clientKey());
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = keys.clientKey().clone();
        for (int i = 0; i < proof.length; i++) proof[i] ^= signature[i];
        expectedServerSignature = hmac(keys.serverKey(), authMessage);
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    /**
     * Checks the server-final message {@code v=…}.
     *
     * @throws IllegalArgumentException on {@code e=…} or a signature that does not match
     */
    public void verifyServerFinal(String serverFinal) {
        if (expectedServerSignature == null) throw new IllegalStateException("clientFinal() first");
        Map<Character, String> attrs = attributes(serverFinal);
        if (attrs.containsKey('e')) throw new IllegalArgumentException("server error: " + attrs.get('e'));
        String v = attrs.get('v');
        if (v == null) throw new IllegalArgumentException("server-final lacks v: " + serverFinal);
        if (!MessageDigest.isEqual(expectedServerSignature, base64(v, "server signature"))) {
            throw new IllegalArgumentException("wrong server signature");
        }
    }

    private Keys derive(byte[] salt, int iterations) {
        try {
            SecretKeyFactory f = SecretKeyFactory.getInstance(pbkdf2Algorithm);
            byte[] salted = f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, keyBytes * 8)).getEncoded();
            return new Keys(hmac(salted, "Client Key".getBytes(UTF_8)), hmac(salted, "Server Key".getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(pbkdf2Algorithm + " unavailable", e);
        }
    }

    private byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(key, macAlgorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(macAlgorithm + " unavailable", e);
        }
    }

    private byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(digestAlgorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(digestAlgorithm + " unavailable", e);
        }
    }

    /** {@code a=x,b=y} into a map; a value may contain '=' (base64). */
    static Map<Character, String> attributes(String message) {
        Map<Character, String> out = new HashMap<>();
        for (String part : message.split(",", -1)) {
            if (part.length() < 2 || part.charAt(1) != '=') throw new IllegalArgumentException("malformed SCRAM message: " + message);
            out.putIfAbsent(part.charAt(0), part.substring(2));
        }
        return out;
    }

    private static byte[] base64(String s, String what) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad base64 in the " + what + ": " + s, e);
        }
    }

    /** RFC 5802 §5.1: ',' and '=' in a user name are escaped. */
    private static String saslName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    private static String newNonce() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().withoutPadding().encodeToString(b).replace('/', '-').replace('+', '_');
    }

    @Override
    public String toString() {
        return mechanism.wireName() + " for " + username + (cache == null ? " (uncached)" : "");
    }
}
