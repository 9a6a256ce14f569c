package org.xpush.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.xpush.server.cli.XpushCommand;
import picocli.CommandLine;

/** {@code xpush listen} in-process: JSON lines on stdout, status on stderr, the same device on a second run. */
class ListenCommandIT extends SharedServerTests {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern CONNECTED_AS = Pattern.compile("connected as ([0-9a-f]{32})");

    /** {@code xpush listen} running on its own thread until {@link #interrupt()}. */
    private final class Listen {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread thread;

        Listen(String... extra) {
            CommandLine cl = XpushCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            String[] args = new String[7 + extra.length];
            String[] base = {"listen", "--host", "127.0.0.1", "--port", Integer.toString(server.xmppPort()),
                    "--state-dir", state.toString()};
            System.arraycopy(base, 0, args, 0, base.length);
            System.arraycopy(extra, 0, args, base.length, extra.length);
            thread = new Thread(() -> exit.set(cl.execute(args)), "xpush-listen-test");
            thread.start();
        }

        String user() {
            await().atMost(WAIT).until(() -> CONNECTED_AS.matcher(err.toString()).find());
            Matcher m = CONNECTED_AS.matcher(err.toString());
            m.find();
            return m.group(1);
        }

        int interrupt() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
            return exit.get();
        }
    }

    @Test
    void printsEachNotificationAsOneJsonLineAndIsTheSameDeviceNextTime() throws Exception {
        Listen listen = new Listen("--pin", server.fingerprint(), "--alias", "demo");
        String user = listen.user();
        ObjectNode body = Api.JSON.createObjectNode();
        body.putObject("to").put("alias", "demo");
        body.put("title", "Hello").put("message", "from curl").put("uri", "https://example.com/1").put("priority", "high");
        body.putObject("data").put("k", "v");
        await().atMost(WAIT).until(() -> server.api().user(user).get("alias").asText().equals("demo"));
        String id = server.api().send(body);

        await().atMost(WAIT).until(() -> listen.out.toString().contains(id));
        String[] lines = listen.out.toString().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode line = Api.JSON.readTree(lines[0]);
        assertThat(line.get("id").asText()).isEqualTo(id);
        assertThat(line.get("title").asText()).isEqualTo("Hello");
        assertThat(line.get("message").asText()).isEqualTo("from curl");
        assertThat(line.get("uri").asText()).isEqualTo("https://example.com/1");
        assertThat(line.get("data").get("k").asText()).isEqualTo("v");
        assertThat(line.get("priority").asText()).isEqualTo("high");
        assertThat(line.get("sent").asText()).endsWith("Z");
        assertThat(listen.err.toString()).contains("registered a new device account " + user);
        assertThat(listen.interrupt()).isZero();
        assertThat(listen.err.toString()).contains("stopped");

        Listen again = new Listen("--pin", server.fingerprint());
        assertThat(again.user()).isEqualTo(user);
        assertThat(again.err.toString()).doesNotContain("registered");
        assertThat(again.interrupt()).isZero();
    }

    @Test
    void badPinIsAUsageError() throws Exception {
        Listen listen = new Listen("--pin", "AB:CD");
        listen.thread.join(10_000);
        assertThat(listen.exit.get()).isEqualTo(2);
        assertThat(listen.err.toString()).contains("--pin").contains("64 hex digits");
    }
}
