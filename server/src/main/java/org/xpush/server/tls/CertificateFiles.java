package org.xpush.server.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A server certificate and its private key as PEM files.
 *
 * @param certificateChain the certificate first, then any intermediates ({@code CERTIFICATE} blocks)
 * @param privateKey       the private key ({@code PRIVATE KEY}, {@code EC PRIVATE KEY} or {@code RSA PRIVATE KEY};
 *                         not encrypted)
 */
public record CertificateFiles(Path certificateChain, Path privateKey) {
    public CertificateFiles {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
