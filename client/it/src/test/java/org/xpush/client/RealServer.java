package org.xpush.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.xpush.server.XpushServer;
import org.xpush.server.config.ConfigLoader;
import org.xpush.server.config.Setting;

/**
 * A real xpush server in this JVM (as the server's own TestServer starts one): 127.0.0.1, an H2 file database and
 * a generated certificate in its data directory, limits relaxed for many test connections. Its ports are chosen
 * once, so that {@link #restart()} brings it back where the clients expect it.
 */
final class RealServer implements AutoCloseable {

    static final String DOMAIN = "localhost";

    private final Path dataDir;
    private final int xmppPort;
    private final int httpPort;
    private final Consumer<ConfigLoader> tweaks;
    private final String apiKey;
    private XpushServer server;

    private RealServer(Path dataDir, int xmppPort, int httpPort, Consumer<ConfigLoader> tweaks) throws InterruptedException {
        this.dataDir = dataDir;
        this.xmppPort = xmppPort;
        this.httpPort = httpPort;
        this.tweaks = tweaks;
        this.server = boot();
        this.apiKey = server.initialApiKey().orElseThrow().secret();
    }

    static RealServer start(Path dataDir) throws Exception {
        return start(dataDir, c -> {});
    }

    static RealServer start(Path dataDir, Consumer<ConfigLoader> tweaks) throws Exception {
        return new RealServer(dataDir, freePort(), freePort(), tweaks);
    }

    private XpushServer boot() throws InterruptedException {
        ConfigLoader loader = new ConfigLoader()
                .set(Setting.DOMAIN, DOMAIN)
                .set(Setting.BIND, "127.0.0.1")
                .set(Setting.XMPP_PORT, Integer.toString(xmppPort))
                .set(Setting.XMPP_TLS_PORT, "-1")
                .set(Setting.HTTP_PORT, Integer.toString(httpPort))
                .set(Setting.DATA_DIR, dataDir.toString())
                .set(Setting.CONNECTIONS_PER_IP_PER_SECOND, "100000")
                .set(Setting.REGISTRATION_PER_IP_PER_MINUTE, "100000")
                .set(Setting.API_REQUESTS_PER_SECOND, "100000")
                .set(Setting.NEGOTIATION_TIMEOUT, "20s");
        tweaks.accept(loader);
        return XpushServer.start(loader.load());
    }

    /** Stops the server (clients see {@code system-shutdown}) and starts it again on the same data and ports. */
    void restart() throws InterruptedException {
        stop();
        startAgain();
    }

    void stop() {
        if (server != null) server.close();
        server = null;
    }

    void startAgain() throws InterruptedException {
        server = boot();
    }

    XpushServer server() {
        return server;
    }

    int xmppPort() {
        return xmppPort;
    }

    String httpBase() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The API key created at the first start. */
    String apiKey() {
        return apiKey;
    }

    Api api() {
        return new Api(httpBase(), apiKey);
    }

    /** The generated certificate. */
    X509Certificate certificate() {
        try (InputStream in = Files.newInputStream(dataDir.resolve("tls").resolve("cert.pem"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Its SHA-256 fingerprint as the server logs it (colon-separated upper-case hex). */
    String fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(certificate().getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key store holding just the generated certificate. */
    KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            Certificate c = certificate();
            ks.setCertificateEntry("xpush", c);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client builder for this server: pinned certificate, short timeouts, its own state directory. */
    PushClient.Builder client(Path stateDir, NotificationListener listener) {
        return PushClient.builder()
                .host("127.0.0.1").port(xmppPort).domain(DOMAIN)
                .tls(TlsPolicy.pinnedCertificate(fingerprint()))
                .stateDirectory(stateDir)
                .listener(listener)
                .connectTimeout(java.time.Duration.ofSeconds(5))
                .replyTimeout(java.time.Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
