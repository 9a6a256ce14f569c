package org.xpush.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.cert.CertificateException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Whom the client trusts: the pinned certificate, a trust store, and nothing else unless told to. */
class TlsIT extends SharedServerTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private Device device(TlsPolicy tls) {
        return new Device(server, state, b -> b.tls(tls).reconnect(ReconnectPolicy.builder()
                .initialDelay(Duration.ofMillis(100)).maxDelay(Duration.ofMillis(500)).build())).start();
    }

    @Test
    void pinnedCertificateIsAccepted() {
        try (Device d = device(TlsPolicy.pinnedCertificate(server.fingerprint()))) {
            await().atMost(WAIT).until(d.client::isConnected);
        }
    }

    @Test
    void wrongPinIsRefusedBeforeAnyCredentialIsSent() {
        String wrong = server.fingerprint().replace(server.fingerprint().substring(0, 2),
                server.fingerprint().startsWith("00") ? "01" : "00");
        try (Device d = device(TlsPolicy.pinnedCertificate(wrong))) {
            await().atMost(WAIT).until(() -> d.failures.size() >= 2); // it keeps trying, with back-off
            assertThat(d.client.isConnected()).isFalse();
            assertThat(d.registered).as("no account registered over an untrusted connection").isEmpty();
            assertThat(rootCause(d.failures.get(0))).isInstanceOf(CertificateException.class)
                    .hasMessageContaining("not the pinned one");
        }
    }

    @Test
    void trustStoreWithTheCertificateIsAcceptedForTheDomainItNames() {
        try (Device d = device(TlsPolicy.trustStore(server.trustStore()))) {
            await().atMost(WAIT).until(d.client::isConnected);
        }
    }

    @Test
    void systemTrustRefusesTheSelfSignedCertificate() {
        try (Device d = device(TlsPolicy.systemTrust())) {
            await().atMost(WAIT).until(() -> !d.failures.isEmpty());
            assertThat(d.client.isConnected()).isFalse();
            assertThat(chain(d.failures.get(0))).anyMatch(t -> t instanceof javax.net.ssl.SSLHandshakeException);
        }
    }

    @Test
    void trustAnythingInsecureConnectsForDevelopment() {
        try (Device d = device(TlsPolicy.trustAnythingInsecure())) {
            await().atMost(WAIT).until(d.client::isConnected);
        }
    }

    private static java.util.List<Throwable> chain(Throwable t) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        for (; t != null && !all.contains(t); t = t.getCause()) all.add(t);
        return all;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }
}
