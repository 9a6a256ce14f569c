package org.xpush.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * Accepts exactly the server certificate whose DER encoding has the pinned SHA-256 digest (only the leaf: other
 * certificates in the chain are the server's to choose, so matching them would let anyone present a pinned CA
 * certificate beside their own). Without a pin it accepts anything, for {@link TlsPolicy#trustAnythingInsecure()}.
 */
final class PinnedCertificateTrustManager implements X509TrustManager {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final byte[] pin;

    /** @param pin the SHA-256 digest to accept, or {@code null} to accept any certificate */
    PinnedCertificateTrustManager(byte[] pin) {
        this.pin = pin == null ? null : pin.clone();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (pin == null) return;
        if (chain == null || chain.length == 0) throw new CertificateException("the server sent no certificate");
        byte[] actual = sha256(chain[0].getEncoded());
        if (!MessageDigest.isEqual(actual, pin)) {
            throw new CertificateException("the server certificate (SHA-256 " + hex(actual)
                    + ") is not the pinned one (SHA-256 " + hex(pin) + ")");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a push client does not accept client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    static byte[] sha256(byte[] der) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this platform", e);
        }
    }

    /** Parses 64 hex digits, case-insensitive, with optional colons or spaces between them. */
    static byte[] parseFingerprint(String fingerprint) {
        if (fingerprint == null) throw new IllegalArgumentException("the SHA-256 fingerprint is missing");
        StringBuilder digits = new StringBuilder(64);
        for (char c : fingerprint.toCharArray()) {
            if (c == ':' || c == ' ') continue;
            if (Character.digit(c, 16) < 0) {
                throw new IllegalArgumentException("a SHA-256 fingerprint is hex digits (optionally colon-separated), not '"
                        + fingerprint + "'");
            }
            digits.append(c);
        }
        if (digits.length() != 64) {
            throw new IllegalArgumentException("a SHA-256 fingerprint has 64 hex digits; '" + fingerprint + "' has "
                    + digits.length());
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = (byte) (Character.digit(digits.charAt(2 * i), 16) << 4 | Character.digit(digits.charAt(2 * i + 1), 16));
        }
        return out;
    }

    /** Colon-separated upper-case hex, the form the xpush server logs. */
    static String hex(byte[] bytes) {
        byte[] out = new byte[bytes.length * 3 - 1];
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) out[3 * i - 1] = ':';
            out[3 * i] = (byte) HEX[(bytes[i] >> 4) & 0xF];
            out[3 * i + 1] = (byte) HEX[bytes[i] & 0xF];
        }
        return new String(out, StandardCharsets.US_ASCII);
    }
}
