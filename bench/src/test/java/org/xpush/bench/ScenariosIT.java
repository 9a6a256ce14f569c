package org.xpush.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every scenario at tiny scale against a real server child process started from the server's shaded jar (built by
 * the reactor before this module): one JSON line with the expected fields, nothing lost.
 */
class ScenariosIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String serverJar;

    @BeforeAll
    static void serverJarIsBuilt() {
        // -Dtest=… makes Surefire run *IT classes too; they belong to Failsafe's phase, after the server jar exists
        assumeTrue(Boolean.getBoolean("xpush.bench.it"), "run by Failsafe (mvn verify)");
        serverJar = System.getProperty("xpush.server.jar", "../server/target/xpush-server.jar");
        assertThat(Path.of(serverJar)).as("the server's shaded jar (built in the server module's package phase)")
                .satisfies(p -> assertThat(Files.isRegularFile(p)).isTrue());
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
    void latencyDeliversEverythingToOnlineDevices() throws Exception {
        JsonNode r = run("latency", "--devices", "20", "--rate", "40", "--seconds", "2", "--warmup", "0.5", "--drain", "10");
        assertThat(r.path("scenario").asText()).isEqualTo("latency");
        assertThat(r.path("devices").asInt()).isEqualTo(20);
        assertThat(r.path("accepted").asLong()).isGreaterThan(50);
        assertThat(r.path("errors").asLong()).isZero();
        assertThat(r.path("lost").asLong()).isZero();
        assertThat(r.path("received").asLong()).isEqualTo(r.path("accepted").asLong());
        assertThat(r.path("droppedDevices").asInt()).isZero();
        hasPercentiles(r.path("latencyMs"));
        hasPercentiles(r.path("postMs"));
    }

    @Test
    void fanoutReachesAndIsAcknowledgedByEveryDevice() throws Exception {
        JsonNode r = run("fanout", "--devices", "20", "--timeout", "20", "--starttls");
        assertThat(r.path("scenario").asText()).isEqualTo("fanout");
        assertThat(r.path("received").asLong()).isEqualTo(20);
        assertThat(r.path("lost").asLong()).isZero();
        assertThat(r.path("allReceivedMs").asDouble()).isPositive();
        assertThat(r.path("allAcknowledgedMs").asDouble()).isGreaterThanOrEqualTo(r.path("allReceivedMs").asDouble());
        assertThat(r.path("counts").path("acknowledged").asLong()).isEqualTo(20);
        hasPercentiles(r.path("latencyMs"));
    }
}
