package org.xpush.android;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real xpush server for the Robolectric tests, started from the server module's shaded jar as a child process
 * (Netty does not belong in Robolectric's sandbox class loader): a fresh data directory, loopback only, ports chosen
 * by the kernel and read back from its {@code xpush ready} line, the API key chosen here ({@code XPUSH_API_KEY}). Its
 * self-signed certificate is pinned by the devices, as an app would. {@link #close()} ends it.
 */
final class ServerProcess implements AutoCloseable {

    static final String DOMAIN = "localhost";
    private static final Pattern READY = Pattern.compile("xpush ready: xmpp=(\\d+) xmpp-tls=(\\S+) http=(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path dataDir;
    private final String apiKey;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<int[]> ready = new CompletableFuture<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ServerProcess(Process process, Path dataDir, String apiKey) {
        this.process = process;
        this.dataDir = dataDir;
        this.apiKey = apiKey;
        Thread pump = new Thread(this::pump, "xpush-server-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts the server and waits for it to be ready (at most a minute: the machine may be busy). */
    static ServerProcess start() throws Exception {
        Path jar = Paths.get(System.getProperty("xpush.server.jar", "../server/target/xpush-server.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no server jar at " + jar.toAbsolutePath() + ": build the server module first");
        }
        Path dataDir = Files.createTempDirectory("xpush-android-test-");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String apiKey = "xp_test_" + UUID.randomUUID().toString().replace("-", "");
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-jar",
                jar.toAbsolutePath().toString(), "server",
                "--data-dir=" + dataDir, "--bind=127.0.0.1", "--domain=" + DOMAIN,
                "--xmpp-port=0", "--xmpp-tls-port=-1", "--http-port=0",
                "--registration-per-ip-per-minute=100000", "--connections-per-ip-per-second=100000",
                "--api-requests-per-second=100000")
                .redirectErrorStream(true);
        pb.environment().put("XPUSH_API_KEY", apiKey);
        pb.environment().remove("XPUSH_CONFIG");
        ServerProcess server = new ServerProcess(pb.start(), dataDir, apiKey);
        try {
            server.ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("the xpush server did not start: " + e + "\n" + server.output(), e);
        }
        return server;
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher m = READY.matcher(line);
                if (!ready.isDone() && m.find()) {
                    ready.complete(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3))});
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IOException("the server exited"));
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    int xmppPort() {
        return ready.join()[0];
    }

    private String httpBase() {
        return "http://127.0.0.1:" + ready.join()[1];
    }

    /** The SHA-256 fingerprint of the certificate the server generated in its data directory. */
    String fingerprint() {
        try (InputStream in = Files.newInputStream(dataDir.resolve("tls").resolve("cert.pem"))) {
            byte[] der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configuration an app would use for this server: loopback, its port, the pinned certificate. */
    XPushConfig.Builder config() {
        return XPushConfig.builder("127.0.0.1").port(xmppPort()).domain(DOMAIN).pinnedCertificate(fingerprint());
    }

    /** POST /api/v1/notifications to one device account; returns the notification's id. */
    String send(String user, String title, String message, String uri, String priority) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("to").put("user", user);
        body.put("title", title);
        body.put("message", message);
        if (uri != null) body.put("uri", uri);
        if (priority != null) body.put("priority", priority);
        return call("POST", "/api/v1/notifications", body.toString(), 202).get("id").asText();
    }

    /** How many devices acknowledged the notification. */
    int acknowledged(String id) {
        return call("GET", "/api/v1/notifications/" + id, null, 200).get("counts").get("acknowledged").asInt();
    }

    /** The user as the API shows it (alias, tags, online, …). */
    JsonNode user(String name) {
        return call("GET", "/api/v1/users/" + name, null, 200);
    }

    /** Ends a device's session as an administrator would; the device sees its connection close. */
    void kick(String user) {
        String jid = user + "@" + DOMAIN + "/xpush";
        call("DELETE", "/api/v1/sessions/" + URLEncoder.encode(jid, StandardCharsets.UTF_8), null, 204);
    }

    private JsonNode call(String method, String path, String body, int expected) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(httpBase() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + apiKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().isEmpty() ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
