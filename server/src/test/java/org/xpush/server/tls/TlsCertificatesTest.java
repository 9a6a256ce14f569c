package org.xpush.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCertificatesTest {

    @TempDir
    Path dataDir;

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void generatesOnceAndThenKeepsTheSameFiles() throws Exception {
        CertificateFiles first = TlsCertificates.ensureSelfSigned(dataDir, "push.example");
        byte[] certificate = Files.readAllBytes(first.certificateChain());
        byte[] key = Files.readAllBytes(first.privateKey());
        String fingerprint = TlsContexts.fingerprintSha256(first.certificateChain());

        CertificateFiles second = TlsCertificates.ensureSelfSigned(dataDir, "push.example");

        assertThat(second).isEqualTo(first);
        assertThat(first.certificateChain()).isEqualTo(dataDir.resolve("tls/cert.pem"));
        assertThat(first.privateKey()).isEqualTo(dataDir.resolve("tls/key.pem"));
        assertThat(Files.readAllBytes(second.certificateChain())).isEqualTo(certificate);
        assertThat(Files.readAllBytes(second.privateKey())).isEqualTo(key);
        assertThat(TlsContexts.fingerprintSha256(second.certificateChain())).isEqualTo(fingerprint);
    }

    @Test
    void certificateIsAnEcP256SelfSignedServerCertificateForTheDomainAndLoopback() throws Exception {
        Instant before = Instant.now();
        CertificateFiles files = TlsCertificates.ensureSelfSigned(dataDir, "push.example");
        X509Certificate certificate = read(files.certificateChain());

        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=push.example");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        certificate.verify(certificate.getPublicKey()); // self-signed
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(certificate.getSerialNumber()).isPositive();
        assertThat(certificate.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(
                        List.of(2, "push.example"), List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1); // not a CA
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
        Duration validity =
                Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
        assertThat(validity).isBetween(Duration.ofDays(3652), Duration.ofDays(3654));
        assertThat(certificate.getNotBefore().toInstant()).isBefore(before);
    }

    @Test
    void ipAddressDomainGoesIntoAnIpAddressName() throws Exception {
        X509Certificate certificate = read(TlsCertificates.ensureSelfSigned(dataDir, "192.0.2.7").certificateChain());
        assertThat(certificate.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(7, "192.0.2.7"), List.of(2, "localhost"), List.of(7, "127.0.0.1"));
    }

    @Test
    void keyIsReadableByItsOwnerOnly() throws Exception {
        CertificateFiles files = TlsCertificates.ensureSelfSigned(dataDir, "localhost");
        assumeTrue(Files.getFileStore(files.privateKey()).supportsFileAttributeView(PosixFileAttributeView.class));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.certificateChain())))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void keyIsPkcs8AndNoTemporaryFilesAreLeft() throws Exception {
        CertificateFiles files = TlsCertificates.ensureSelfSigned(dataDir, "localhost");
        assertThat(Files.readString(files.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        try (Stream<Path> entries = Files.list(dataDir.resolve("tls"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cert.pem", "key.pem");
        }
    }

    @Test
    void keyWithoutCertificateIsReplacedByANewPair() throws Exception {
        CertificateFiles files = TlsCertificates.ensureSelfSigned(dataDir, "localhost");
        String oldFingerprint = TlsContexts.fingerprintSha256(files.certificateChain());
        Files.delete(files.certificateChain()); // as if the process died between the two writes

        TlsCertificates.ensureSelfSigned(dataDir, "localhost");

        assertThat(TlsContexts.fingerprintSha256(files.certificateChain())).isNotEqualTo(oldFingerprint);
        assertThat(TlsContexts.server(files).isServer()).isTrue(); // and the new key matches the new certificate
    }
}
