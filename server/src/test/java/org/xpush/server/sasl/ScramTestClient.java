package org.xpush.server.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM written from RFC 5802 §3 with the JDK's PBKDF2, HMAC and digest only (no scram-common,
 * whose 3.2 release has no client), so that it checks the server independently. ASCII passwords only (no SASLprep).
 */
final class ScramTestClient {

    private final String hmac;
    private final String digest;
    private final int bits;
    private final String gs2Header;
    private final String saslName;
    private final String password;
    private final String clientNonce;

    private String clientFirstBare;
    private String authMessage;
    private byte[] saltedPassword;

    private ScramTestClient(
            String hmac, String digest, int bits, String gs2Header, String saslName, String password, String nonce) {
        this.hmac = hmac;
        this.digest = digest;
        this.bits = bits;
        this.gs2Header = gs2Header;
        this.saslName = saslName;
        this.password = password;
        this.clientNonce = nonce;
    }

    /** @param saslName the user name already escaped as a saslname (',' as =2C, '=' as =3D) */
    static ScramTestClient of(ScramHash hash, String gs2Header, String saslName, String password, String nonce) {
        return hash == ScramHash.SHA_1
                ? new ScramTestClient("HmacSHA1", "SHA-1", 160, gs2Header, saslName, password, nonce)
                : new ScramTestClient("HmacSHA256", "SHA-256", 256, gs2Header, saslName, password, nonce);
    }

    static ScramTestClient of(ScramHash hash, String user, String password) {
        return of(hash, "n,,", user, password, "clientNonce" + System.nanoTime());
    }

    byte[] clientFirst() {
        clientFirstBare = "n=" + saslName + ",r=" + clientNonce;
        return (gs2Header + clientFirstBare).getBytes(UTF_8);
    }

    byte[] clientFinal(byte[] serverFirstBytes) {
        String serverFirst = new String(serverFirstBytes, UTF_8);
        String nonce = null;
        byte[] salt = null;
        int iterations = 0;
        for (String field : serverFirst.split(",")) {
            switch (field.charAt(0)) {
                case 'r' -> nonce = field.substring(2);
                case 's' -> salt = Base64.getDecoder().decode(field.substring(2));
                case 'i' -> iterations = Integer.parseInt(field.substring(2));
                default -> throw new IllegalArgumentException(serverFirst);
            }
        }
        if (nonce == null || !nonce.startsWith(clientNonce)) throw new IllegalArgumentException("nonce " + nonce);
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(gs2Header.getBytes(UTF_8)) + ",r=" + nonce;
        authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        try {
            SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2With" + hmac);
            saltedPassword = pbkdf2.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, bits))
                    .getEncoded();
            byte[] clientKey = hmac(saltedPassword, "Client Key");
            byte[] storedKey = MessageDigest.getInstance(digest).digest(clientKey);
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(UTF_8);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether the server's {@code v=} proves it knows the ServerKey. */
    boolean verifyServerFinal(byte[] serverFinal) {
        String text = new String(serverFinal, UTF_8);
        if (!text.startsWith("v=")) return false;
        byte[] expected = hmac(hmac(saltedPassword, "Server Key"), authMessage);
        return MessageDigest.isEqual(expected, Base64.getDecoder().decode(text.substring(2)));
    }

    private byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(key, hmac));
            return mac.doFinal(message.getBytes(UTF_8));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
