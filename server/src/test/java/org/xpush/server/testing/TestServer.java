package org.xpush.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.xpush.server.XpushServer;
import org.xpush.server.config.ConfigLoader;
import org.xpush.server.config.Setting;

/**
 * A real xpush server for integration tests: ephemeral ports on 127.0.0.1, a fresh H2 file database and
 * generated certificate in its own directory, limits relaxed so tests can open many connections.
 */
public final class TestServer implements AutoCloseable {

    public static final String DOMAIN = "localhost";

    private final XpushServer server;
    private final Path dataDir;

    private TestServer(XpushServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /** Starts a server with test defaults, then {@code tweaks} (e.g. {@code c -> c.set(Setting.TLS_REQUIRED, "false")}). */
    public static TestServer start(Path dataDir, Consumer<ConfigLoader> tweaks) throws InterruptedException {
        ConfigLoader loader = new ConfigLoader()
                .set(Setting.DOMAIN, DOMAIN)
                .set(Setting.BIND, "127.0.0.1")
                .set(Setting.XMPP_PORT, "0")
                .set(Setting.XMPP_TLS_PORT, "0")
                .set(Setting.HTTP_PORT, "0")
                .set(Setting.DATA_DIR, dataDir.toString())
                .set(Setting.CONNECTIONS_PER_IP_PER_SECOND, "100000")
                .set(Setting.REGISTRATION_PER_IP_PER_MINUTE, "100000")
                .set(Setting.NEGOTIATION_TIMEOUT, "20s");
        tweaks.accept(loader);
        return new TestServer(XpushServer.start(loader.load()), dataDir);
    }

    public static TestServer start(Path dataDir) throws InterruptedException {
        return start(dataDir, c -> {});
    }

    public XpushServer server() {
        return server;
    }

    public int xmppPort() {
        return server.xmppPort();
    }

    public int xmppTlsPort() {
        return server.xmppTlsPort();
    }

    /** Base URL of the HTTP server, e.g. {@code http://127.0.0.1:41234}. */
    public String httpBase() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    /** The API key created at first start (every test server starts with an empty database). */
    public String apiKey() {
        return server.initialApiKey().orElseThrow().secret();
    }

    /** The console password of {@code admin} generated at first start (every test server starts empty). */
    public String adminPassword() {
        return server.initialAdminPassword().orElseThrow();
    }

    /** A trust manager that trusts exactly the server's generated certificate. */
    public X509TrustManager clientTrustManager() {
        return trustManagerFor(dataDir);
    }

    /** A trust manager that trusts exactly the certificate generated into {@code dataDir}. */
    public static X509TrustManager trustManagerFor(Path dataDir) {
        try (InputStream in = Files.newInputStream(dataDir.resolve("tls").resolve("cert.pem"))) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("xpush-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return (X509TrustManager) tmf.getTrustManagers()[0];
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the test server certificate", e);
        }
    }

    /** An SSL context that trusts exactly the server's generated certificate. */
    public SSLContext clientSslContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {clientTrustManager()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates an account directly (as the CLI does). */
    public void createUser(String name, String password) {
        server.auth().register(name, password);
    }

    @Override
    public void close() {
        server.close();
    }
}
