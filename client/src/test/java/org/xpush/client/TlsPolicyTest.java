package org.xpush.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pins, fingerprints and the domain check, on a test certificate for push.example.com, *.wild.example.com, 127.0.0.1. */
class TlsPolicyTest {

    static final String FINGERPRINT =
            "1E:79:94:9D:88:26:E3:EC:66:FB:73:51:AE:8B:1A:13:7E:4E:7E:68:7F:46:91:8A:BB:8B:DE:4A:62:EB:AF:73";

    static X509Certificate cert;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = TlsPolicyTest.class.getResourceAsStream("test-cert.pem")) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void pinAcceptsExactlyTheCertificateWithThatFingerprint() throws Exception {
        X509TrustManager tm = TlsPolicy.pinnedCertificate(FINGERPRINT).trustManager();
        tm.checkServerTrusted(new X509Certificate[] {cert}, "ECDHE_ECDSA");
        X509TrustManager lowercaseNoColons = TlsPolicy.pinnedCertificate(FINGERPRINT.replace(":", "").toLowerCase()).trustManager();
        lowercaseNoColons.checkServerTrusted(new X509Certificate[] {cert}, "ECDHE_ECDSA");
        TlsPolicy.pinnedCertificate(cert).trustManager().checkServerTrusted(new X509Certificate[] {cert}, "ECDHE_ECDSA");
    }

    @Test
    void wrongPinRefusesTheCertificateAndSaysWhichItWas() {
        X509TrustManager tm = TlsPolicy.pinnedCertificate(FINGERPRINT.replace("1E:79", "1E:7A")).trustManager();
        assertThatThrownBy(() -> tm.checkServerTrusted(new X509Certificate[] {cert}, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining(FINGERPRINT)
                .hasMessageContaining("not the pinned one");
        assertThatThrownBy(() -> tm.checkServerTrusted(new X509Certificate[0], "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void malformedFingerprintsAreRefusedAtOnce() {
        assertThatThrownBy(() -> TlsPolicy.pinnedCertificate("AB:CD")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> TlsPolicy.pinnedCertificate(FINGERPRINT.replace('E', 'G')))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void insecurePolicyTrustsAnything() throws Exception {
        TlsPolicy insecure = TlsPolicy.trustAnythingInsecure();
        assertThat(insecure.isInsecure()).isTrue();
        insecure.trustManager().checkServerTrusted(new X509Certificate[] {cert}, "ECDHE_ECDSA");
        assertThat(insecure.toString()).contains("INSECURE");
        assertThat(TlsPolicy.systemTrust().isInsecure()).isFalse();
    }

    @Test
    void domainMustBeANameOfTheCertificate() {
        assertThat(DomainNameVerifier.matches("push.example.com", cert)).isTrue();
        assertThat(DomainNameVerifier.matches("PUSH.Example.com.", cert)).isTrue();
        assertThat(DomainNameVerifier.matches("a.wild.example.com", cert)).isTrue();
        assertThat(DomainNameVerifier.matches("127.0.0.1", cert)).isTrue();
        assertThat(DomainNameVerifier.matches("example.com", cert)).isFalse();
        assertThat(DomainNameVerifier.matches("wild.example.com", cert)).isFalse();
        assertThat(DomainNameVerifier.matches("a.b.wild.example.com", cert)).isFalse();
        assertThat(DomainNameVerifier.matches("evil-push.example.com", cert)).isFalse();
        assertThat(DomainNameVerifier.matches("127.0.0.2", cert)).isFalse();
    }

    @Test
    void wildcardCoversOneLabelAndNeverATopLevelDomain() {
        assertThat(DomainNameVerifier.dnsMatches("a.example.com", "*.example.com")).isTrue();
        assertThat(DomainNameVerifier.dnsMatches("example.com", "*.example.com")).isFalse();
        assertThat(DomainNameVerifier.dnsMatches("a.com", "*.com")).isFalse();
    }
}
