package org.xpush.server.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Builds the Netty {@link SslContext} the XMPP listeners share (STARTTLS on 5222 and direct TLS on 5223): JDK
 * provider, TLS 1.3 and 1.2 only, no client certificates. Called once at start; the context is thread-safe.
 */
public final class TlsContexts {

    /** The protocol versions the server accepts; older ones are refused in the handshake. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {}

    /**
     * A server context from a PEM certificate chain and a PEM private key (PKCS#8 {@code PRIVATE KEY}, or the
     * OpenSSL {@code EC PRIVATE KEY} / {@code RSA PRIVATE KEY} forms).
     *
     * @throws TlsFileException naming the file, when a file is missing, unreadable, not PEM, holds no certificate or
     *                          key, holds an encrypted key, or the key does not belong to the certificate
     */
    public static SslContext server(CertificateFiles files) {
        List<X509Certificate> chain = PemFiles.readCertificates(files.certificateChain());
        PrivateKey key = PemFiles.readPrivateKey(files.privateKey());
        PemFiles.checkKeyMatches(key, chain.get(0), files);
        try {
            return SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .clientAuth(ClientAuth.NONE)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsFileException(
                    files.certificateChain(), "cannot be used with " + files.privateKey() + " for TLS", e);
        }
    }

    /**
     * The SHA-256 fingerprint of the first certificate in a PEM file, as colon-separated upper-case hex (the form
     * browsers and {@code openssl x509 -fingerprint -sha256} show).
     *
     * @throws TlsFileException if the file is missing, unreadable or holds no certificate
     */
    public static String fingerprintSha256(Path certPem) {
        return PemFiles.fingerprintSha256(PemFiles.readCertificates(certPem).get(0));
    }
}
