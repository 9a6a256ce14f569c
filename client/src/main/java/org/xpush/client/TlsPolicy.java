package org.xpush.client;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which server certificates a {@link PushClient} accepts. The connection always uses TLS (STARTTLS is required);
 * this says whom it trusts:
 * <ul>
 *   <li>{@link #systemTrust()}: certificates from the platform's trusted CAs, for the XMPP domain (the default; a
 *       server with a certificate from a public CA);</li>
 *   <li>{@link #trustStore(KeyStore)}: certificates issued by the CAs (or equal to the certificates) in a key
 *       store, for the XMPP domain (a private CA);</li>
 *   <li>{@link #pinnedCertificate(String)}: exactly one server certificate, by its SHA-256 fingerprint (a
 *       self-signed certificate, such as the one xpush generates and logs at first start);</li>
 *   <li>{@link #trustAnythingInsecure()}: any certificate. <b>For development only</b>: anyone on the network
 *       path can read and change the traffic, including the device's password.</li>
 * </ul>
 * The name checked against the certificate is the XMPP domain (RFC 6125), not the host name connected to.
 * Immutable.
 */
public final class TlsPolicy {

    private enum Kind { SYSTEM, TRUST_STORE, PINNED, INSECURE }

    private final Kind kind;
    private final KeyStore trustStore;
    private final byte[] pin;

    private TlsPolicy(Kind kind, KeyStore trustStore, byte[] pin) {
        this.kind = kind;
        this.trustStore = trustStore;
        this.pin = pin;
    }

    /** Trusts the platform's CAs (the JVM's cacerts, Android's system store), checking the XMPP domain. */
    public static TlsPolicy systemTrust() {
        return new TlsPolicy(Kind.SYSTEM, null, null);
    }

    /**
     * Trusts the certificates in {@code trusted} (CAs or the server's own certificate), checking the XMPP domain.
     *
     * @param trusted a loaded key store with trusted certificate entries
     * @return the policy
     */
    public static TlsPolicy trustStore(KeyStore trusted) {
        return new TlsPolicy(Kind.TRUST_STORE, Objects.requireNonNull(trusted, "trusted"), null);
    }

    /**
     * Trusts exactly the server certificate with this SHA-256 fingerprint (of its DER encoding), whatever its
     * names and issuer: the pin identifies the server.
     *
     * @param sha256Fingerprint 64 hex digits, with or without colons, e.g. as {@code openssl x509 -fingerprint
     *                          -sha256} and the xpush server's log print it ({@code AB:CD:…})
     * @return the policy
     * @throws IllegalArgumentException if it is not 32 bytes in hex
     */
    public static TlsPolicy pinnedCertificate(String sha256Fingerprint) {
        return new TlsPolicy(Kind.PINNED, null, PinnedCertificateTrustManager.parseFingerprint(sha256Fingerprint));
    }

    /**
     * Trusts exactly this server certificate, whatever its names and issuer.
     *
     * @param certificate the server's (leaf) certificate
     * @return the policy
     */
    public static TlsPolicy pinnedCertificate(X509Certificate certificate) {
        try {
            return new TlsPolicy(Kind.PINNED, null, PinnedCertificateTrustManager.sha256(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode the certificate", e);
        }
    }

    /**
     * Trusts any certificate and any name. <b>Insecure: for development against a local server only.</b> Anyone on
     * the network path can impersonate the server, read the notifications and take the device's password. The
     * client logs a warning when it starts.
     *
     * @return the policy
     */
    public static TlsPolicy trustAnythingInsecure() {
        return new TlsPolicy(Kind.INSECURE, null, null);
    }

    /** Whether this is {@link #trustAnythingInsecure()}. */
    public boolean isInsecure() {
        return kind == Kind.INSECURE;
    }

    /** The trust manager for the TLS handshake. */
    X509TrustManager trustManager() {
        switch (kind) {
            case SYSTEM:
                return platformTrustManager(null);
            case TRUST_STORE:
                return platformTrustManager(trustStore);
            case PINNED:
                return new PinnedCertificateTrustManager(pin);
            case INSECURE:
                return new PinnedCertificateTrustManager(null);
            default:
                throw new AssertionError(kind);
        }
    }

    /** The check of the server's name after the handshake: the XMPP domain, unless a pin identifies the server. */
    HostnameVerifier hostnameVerifier() {
        return kind == Kind.PINNED || kind == Kind.INSECURE ? (host, session) -> true : new DomainNameVerifier();
    }

    private static X509TrustManager platformTrustManager(KeyStore store) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager) return (X509TrustManager) tm;
            }
            throw new IllegalStateException("the platform has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the trusted certificates", e);
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case PINNED:
                return "TlsPolicy{pinned SHA-256 " + PinnedCertificateTrustManager.hex(pin) + "}";
            case INSECURE:
                return "TlsPolicy{INSECURE: trusts anything}";
            default:
                return "TlsPolicy{" + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + "}";
        }
    }
}
