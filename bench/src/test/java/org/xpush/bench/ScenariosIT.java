package org.xpush.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xpush.bench.server.ServerProcess;
import picocli.CommandLine;

/**
 * Every scenario at tiny scale against a real server child process started from the server's shaded jar (built by
 * the reactor before this module): one JSON line with the expected fields, nothing lost.
 */
class ScenariosIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String serverJar;
    /** One running server for the newer scenarios, addressed as an external one (saves a server start each). */
    private static ServerProcess shared;

    @BeforeAll
    static void serverJarIsBuilt() {
        // -Dtest=… makes Surefire run *IT classes too; they belong to Failsafe's phase, after the server jar exists
        assumeTrue(Boolean.getBoolean("xpush.bench.it"), "run by Failsafe (mvn verify)");
        serverJar = System.getProperty("xpush.server.jar", "../server/target/xpush-server.jar");
        assertThat(Path.of(serverJar)).as("the server's shaded jar (built in the server module's package phase)")
                .satisfies(p -> assertThat(Files.isRegularFile(p)).isTrue());
        try {
            shared = ServerProcess.start(Path.of(serverJar), List.of(), List.of(), false, Duration.ofSeconds(120));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the shared server", e);
        }
    }

    @AfterAll
    static void stopSharedServer() {
        if (shared != null) shared.close();
    }

    /** The options that point a scenario at the shared server: with its API, or as a generic XMPP server. */
    private static String[] sharedServer(boolean withApi) {
        List<String> out = new ArrayList<>(List.of("--xmpp", "127.0.0.1:" + shared.endpoint().xmppPort(),
                "--domain", shared.endpoint().domain(), "--server-pid", Long.toString(shared.pid())));
        if (withApi) out.addAll(List.of("--api", shared.endpoint().api().toString(), "--api-key", shared.endpoint().apiKey()));
        return out.toArray(String[]::new);
    }

    private static JsonNode run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cmd = BenchCommand.commandLine();
        cmd.setOut(new PrintWriter(out));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--server-jar=" + serverJar);
        int exit = cmd.execute(all.toArray(String[]::new));
        assertThat(exit).as("exit code; output: %s", out).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines).as("exactly one result line").hasSize(1);
        return JSON.readTree(lines[0]);
    }

    private static void hasPercentiles(JsonNode p) {
        assertThat(p.path("count").asLong()).isPositive();
        assertThat(p.path("p50").asDouble()).isPositive();
        assertThat(p.path("p99").asDouble()).isGreaterThanOrEqualTo(p.path("p50").asDouble());
        assertThat(p.path("max").asDouble()).isGreaterThanOrEqualTo(p.path("p99").asDouble());
    }

    @Test
    void anApiKeyTheServerRefusesStopsTheRunWithAClearMessage() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = BenchCommand.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("accept", "--clients", "1", "--seconds", "1", "--warmup", "0",
                "--users", "2", "--user-prefix", "keycheck-"));
        args.addAll(List.of(sharedServer(true)));
        args.set(args.indexOf("--api-key") + 1, "not-the-key-the-server-has-0123456789abcdef");

        int exit = cmd.execute(args.toArray(String[]::new));

        assertThat(exit).isNotZero();
        assertThat(out.toString()).as("no result line").isBlank();
        assertThat(err.toString()).contains("the server refused the API key (HTTP 401)");
    }

    @Test
    void acceptCountsStoredNotifications() throws Exception {
        JsonNode r = run("accept", "--users", "5", "--clients", "2", "--seconds", "1.5", "--warmup", "0.5", "--batch", "2");
        assertThat(r.path("scenario").asText()).isEqualTo("accept");
        assertThat(r.path("server").asText()).isEqualTo("child");
        assertThat(r.path("accepted").asLong()).isPositive();
        assertThat(r.path("errors").asLong()).isZero();
        assertThat(r.path("acceptedPerSecond").asDouble()).isPositive();
        assertThat(r.path("deliveriesPerSecond").asDouble()).isEqualTo(2 * r.path("acceptedPerSecond").asDouble(),
                org.assertj.core.data.Offset.offset(0.05));
        hasPercentiles(r.path("requestMs"));
        assertThat(r.path("setup").path("succeeded").asInt()).isEqualTo(5);
    }

    @Test
    void acceptThroughTheBatchEndpointCountsEveryNotification() throws Exception {
        JsonNode r = run("accept", "--users", "5", "--clients", "2", "--seconds", "1.5", "--warmup", "0.5",
                "--per-request", "10");
        assertThat(r.path("errors").asLong()).isZero();
        assertThat(r.path("perRequest").asInt()).isEqualTo(10);
        assertThat(r.path("accepted").asLong()).isPositive().isEqualTo(10 * r.path("requestMs").path("count").asLong());
    }

    @Test
    void unicastDeliversEverythingToOnlineDevices() throws Exception {
        // "latency" is the scenario's former name, kept as an alias
        JsonNode r = run("latency", "--devices", "20", "--rate", "40", "--seconds", "2", "--warmup", "0.5", "--drain", "10");
        assertThat(r.path("scenario").asText()).isEqualTo("unicast");
        assertThat(r.path("deliveredPerSecond").asDouble()).isPositive();
        assertThat(r.path("devices").asInt()).isEqualTo(20);
        assertThat(r.path("accepted").asLong()).isGreaterThan(50);
        // the server's group commits during the load, from its meters
        assertThat(r.at("/writer/commits").asLong()).isPositive();
        assertThat(r.at("/writer/notificationsPerCommit").asDouble()).isGreaterThanOrEqualTo(1);
        assertThat(r.at("/writer/busy").asDouble()).isBetween(0.0, 1.5);
        assertThat(r.path("errors").asLong()).isZero();
        assertThat(r.path("lost").asLong()).isZero();
        assertThat(r.path("received").asLong()).isEqualTo(r.path("accepted").asLong());
        assertThat(r.path("droppedDevices").asInt()).isZero();
        hasPercentiles(r.path("latencyMs"));
        hasPercentiles(r.path("postMs"));
    }

    @Test
    void fanoutReachesAndIsAcknowledgedByEveryDevice() throws Exception {
        JsonNode r = run("fanout", "--devices", "20", "--timeout", "20", "--starttls", "--warmup", "2", "--pause", "0.2");
        assertThat(r.path("scenario").asText()).isEqualTo("fanout");
        // each warm-up broadcast reached every device too
        assertThat(r.path("warmupAllReceivedMs")).hasSize(2).allSatisfy(ms -> assertThat(ms.asDouble()).isPositive());
        assertThat(r.path("speedProbeMs").asDouble()).as("the machine's speed before the broadcast").isPositive();
        assertThat(r.path("received").asLong()).isEqualTo(20);
        assertThat(r.path("lost").asLong()).isZero();
        assertThat(r.path("allReceivedMs").asDouble()).isPositive();
        assertThat(r.path("allAcknowledgedMs").asDouble()).isGreaterThanOrEqualTo(r.path("allReceivedMs").asDouble());
        assertThat(r.path("counts").path("acknowledged").asLong()).isEqualTo(20);
        hasPercentiles(r.path("latencyMs"));
    }

    @Test
    void offlineDrainDeliversWhatWaitedForTheDevices() throws Exception {
        JsonNode r = run(concat(new String[] {"offline-drain", "--devices", "5", "--notifications", "20", "--timeout", "30",
            "--user-prefix", "drain"}, sharedServer(true)));
        assertThat(r.path("scenario").asText()).isEqualTo("offline-drain");
        assertThat(r.path("queued").asLong()).isEqualTo(20);
        assertThat(r.path("received").asLong()).isEqualTo(20);
        assertThat(r.path("lost").asLong()).isZero();
        // both from the first login; no order between them: a device is online once its ping is answered, and its
        // backlog, sent after its presence, may all arrive before that (CI saw 66.0 ms received, 67.7 ms online)
        assertThat(r.path("allOnlineMs").asDouble()).isPositive();
        assertThat(r.path("allReceivedMs").asDouble()).isPositive();
    }

    @Test
    void loginStormLogsEveryClientInWithScram() throws Exception {
        JsonNode r = run(concat(new String[] {"login-storm", "--clients", "10", "--mechanism", "SCRAM-SHA-1", "--no-cache",
            "--user-prefix", "storm"}, sharedServer(true)));
        assertThat(r.path("scenario").asText()).isEqualTo("login-storm");
        assertThat(r.path("loggedIn").asInt()).isEqualTo(10);
        assertThat(r.path("mechanism").asText()).isEqualTo("SCRAM-SHA-1");
        assertThat(r.path("cachedScramKeys").asBoolean()).isFalse();
        assertThat(r.path("loginsPerSecond").asDouble()).isPositive();
        hasPercentiles(r.path("loginMs"));
    }

    @Test
    void messageFanoutReachesEveryRecipient() throws Exception {
        JsonNode r = run(concat(new String[] {"message-fanout", "--clients", "10", "--timeout", "20", "--starttls",
            "--user-prefix", "mfan"}, sharedServer(true)));
        assertThat(r.path("scenario").asText()).isEqualTo("message-fanout");
        assertThat(r.path("received").asLong()).isEqualTo(10);
        assertThat(r.path("lost").asLong()).isZero();
        assertThat(r.path("errors").asLong()).isZero();
        assertThat(r.path("mechanism").asText()).isEqualTo("SCRAM-SHA-256");
        hasPercentiles(r.path("latencyMs"));
    }

    /**
     * The scenarios for other XMPP servers, pointed at a running xpush as a generic XMPP server (no API): plain
     * clients without the device IQ, memory read through the process id.
     */
    @Test
    void idleAndXmppRouteRunAgainstAGenericXmppServer() throws Exception {
        String[] target = sharedServer(false);
        JsonNode idle = run(concat(new String[] {"idle", "--clients", "10", "--warmup-sessions", "2", "--settle", "0.1",
            "--mechanism", "PLAIN", "--user-prefix", "idle"}, target));
        assertThat(idle.path("scenario").asText()).isEqualTo("idle");
        assertThat(idle.path("server").asText()).isEqualTo("external");
        assertThat(idle.path("online").asInt()).isEqualTo(10);
        assertThat(idle.path("mechanism").asText()).isEqualTo("PLAIN");
        assertThat(idle.path("before").path("rssKib").asLong()).isPositive();
        assertThat(idle.path("after").path("heapUsedKib").asLong()).as("the server is a JVM: heap via jcmd").isPositive();
        JsonNode tls = run(concat(new String[] {"idle", "--clients", "5", "--warmup-sessions", "0", "--settle", "0.1",
            "--starttls", "--user-prefix", "idletls"}, target));
        assertThat(tls.path("tls").asBoolean()).isTrue();
        assertThat(tls.path("online").asInt()).isEqualTo(5);

        JsonNode route = run(concat(new String[] {"xmpp-route", "--pairs", "3", "--seconds", "1", "--warmup", "0.5",
            "--user-prefix", "route"}, target));
        assertThat(route.path("scenario").asText()).isEqualTo("xmpp-route");
        assertThat(route.path("errors").asLong()).isZero();
        assertThat(route.path("droppedClients").asInt()).isZero();
        assertThat(route.path("messagesPerSecond").asDouble()).isPositive();
        hasPercentiles(route.path("latencyMs"));

        int exit = BenchCommand.commandLine().execute(concat(new String[] {"fanout", "--devices", "1"}, target));
        assertThat(exit).as("an API scenario against a server without the API fails clearly").isEqualTo(1);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
