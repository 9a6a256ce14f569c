package org.xpush.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.testing.ApiClient;
import org.xpush.server.testing.ConsoleHttp;
import org.xpush.server.testing.PushTestClient;
import org.xpush.server.testing.RawXmppClient;
import org.xpush.server.testing.SmackClients;
import org.xpush.server.testing.TestServer;

/**
 * The packaged server as an operator runs it: {@code java -jar xpush-server.jar server …} starts, logs the ready
 * line, serves, and on SIGTERM closes every stream with {@code system-shutdown}; {@code user …} manages accounts.
 */
class ServerProcessIT {

    private static final Pattern READY = Pattern.compile("xpush ready: xmpp=(\\d+) xmpp-tls=(\\d+) http=(\\d+)");

    @TempDir
    Path dir;

    private static List<String> java(String... args) {
        Path jar = Path.of("target", "xpush-server.jar");
        assertThat(jar).as("the shaded jar is built in the package phase, before integration tests").exists();
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private record Result(int exit, String out) {}

    private Result run(String... args) throws Exception {
        Process p = new ProcessBuilder(java(args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("command ends: %s", out).isTrue();
        return new Result(p.exitValue(), out);
    }

    /** A server process started from the jar, with what it printed so far. */
    private static final class ServerProcess implements AutoCloseable {
        final Process process;
        final StringBuilder log = new StringBuilder();
        final CompletableFuture<int[]> ports = new CompletableFuture<>();
        final Thread reader;

        ServerProcess(Path dataDir) throws IOException {
            process = new ProcessBuilder(java("server", "--data-dir", dataDir.toString(), "--bind", "127.0.0.1",
                    "--xmpp-port", "0", "--xmpp-tls-port", "0", "--http-port", "0"))
                    .redirectErrorStream(true)
                    .start();
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (log) {
                            log.append(line).append('\n');
                        }
                        Matcher m = READY.matcher(line);
                        if (m.find()) {
                            ports.complete(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3))});
                        }
                    }
                    ports.completeExceptionally(new AssertionError("server exited before ready:\n" + log()));
                } catch (IOException e) {
                    ports.completeExceptionally(e);
                }
            });
            reader.start();
        }

        int xmppPort() throws Exception {
            return ports.get(60, TimeUnit.SECONDS)[0];
        }

        int httpPort() throws Exception {
            return ports.get(60, TimeUnit.SECONDS)[1];
        }

        String log() {
            synchronized (log) {
                return log.toString();
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void serverStartsServesAndStopsGracefullyOnSigterm() throws Exception {
        try (ServerProcess sp = new ServerProcess(dir)) {
            Process server = sp.process;
            int xmppPort = sp.xmppPort();
            assertThat(dir.resolve("tls").resolve("cert.pem")).exists();
            assertThat(Files.list(dir).map(p -> p.getFileName().toString())).contains("xpush.mv.db");
            try (RawXmppClient c = new RawXmppClient(xmppPort)) {
                c.send(RawXmppClient.HEADER);
                assertThat(c.readUntil("</stream:features>")).contains("<starttls");
                // SIGTERM through the handle: Process.destroy() would also close our end of its output pipe
                server.toHandle().destroy();
                assertThat(c.readUntilClosed()).contains("<system-shutdown").endsWith("</stream:stream>");
            }
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            sp.reader.join(10_000);
            assertThat(sp.log()).contains("xpush stopped").contains("connection closed");
        }
    }

    @Test
    void acceptedNotificationSurvivesSigkill() throws Exception {
        assertThat(run("user", "add", "phone", "--password", "pw", "--data-dir", dir.toString()).exit()).isZero();
        String id;
        try (ServerProcess first = new ServerProcess(dir)) {
            int http = first.httpPort();
            await().atMost(Duration.ofSeconds(20)).until(() -> first.log().contains("API key (id"));
            Matcher key = Pattern.compile("API key \\(id [^)]+\\): (xp_\\S+)").matcher(first.log());
            assertThat(key.find()).as("the first start prints the API key:\n%s", first.log()).isTrue();
            ApiClient api = new ApiClient("http://127.0.0.1:" + http, key.group(1));
            ApiClient.Response sent = api.post("/api/v1/notifications",
                    "{\"to\":{\"user\":\"phone\"},\"title\":\"survives\",\"message\":\"kill -9\"}");
            assertThat(sent.status()).isEqualTo(202);
            id = sent.json().get("id").asText();
            Matcher admin = Pattern.compile("user: admin  password: (\\S+)").matcher(first.log());
            assertThat(admin.find()).as("the first start prints the console password:\n%s", first.log()).isTrue();
            assertThat(new ConsoleHttp("http://127.0.0.1:" + http).signIn("admin", admin.group(1)).status())
                    .isEqualTo(303);
            first.process.toHandle().destroyForcibly(); // SIGKILL right after the 202
            assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (ServerProcess second = new ServerProcess(dir)) {
            int xmpp = second.xmppPort();
            // printed only at the very first start
            assertThat(second.log()).doesNotContain("API key (id").doesNotContain("user: admin  password:");
            try (PushTestClient device = PushTestClient.login(SmackClients.startTls(xmpp, TestServer.trustManagerFor(dir)),
                    "phone", "pw", true)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> device.receivedIds().contains(id));
                assertThat(device.received().get(0).title()).isEqualTo("survives");
            }
        }
    }

    @Test
    void userCommandsManageAccounts() throws Exception {
        String data = dir.toString();
        Result add = run("user", "add", "Bob", "--password", "pw1", "--data-dir", data);
        assertThat(add.exit()).as(add.out()).isZero();
        assertThat(add.out()).contains("created bob");

        Result again = run("user", "add", "bob", "--password", "x", "--data-dir", data);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out()).contains("already exists");

        Result generated = run("user", "add", "carol", "--data-dir", data);
        assertThat(generated.exit()).isZero();
        assertThat(generated.out()).containsPattern("created carol password [0-9a-f]{32}");

        Result list = run("user", "list", "--data-dir", data);
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("bob\n", "carol\n", "2 of 2 accounts");

        Result passwd = run("user", "passwd", "bob", "--password", "pw2", "--data-dir", data);
        assertThat(passwd.exit()).isZero();

        Result delete = run("user", "delete", "bob", "--data-dir", data);
        assertThat(delete.exit()).isZero();
        Result missing = run("user", "delete", "bob", "--data-dir", data);
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).contains("no user bob");
    }

    @Test
    void badSettingIsRefusedWithAClearMessage() throws Exception {
        Result r = run("server", "--xmpp-port", "99999", "--data-dir", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("xmpp-port", "99999", "flag --xmpp-port", "0-65535");
    }
}
