package org.xpush.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xpush.client.ConnectionStateListener;
import org.xpush.client.Notification;
import org.xpush.client.PushClient;
import org.xpush.client.TlsPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xpush listen}: runs a device with the client SDK ({@link PushClient}) and prints each notification as one
 * JSON line on standard output ({@code id}, {@code title}, {@code message}, {@code uri}, {@code data},
 * {@code priority}, {@code sent}); connection status goes to standard error. The account is kept in the state
 * directory, so a second run with it is the same device. Runs, reconnecting by itself, until SIGINT/SIGTERM (or,
 * in-process, until its thread is interrupted).
 */
@Command(name = "listen", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a push device and print each notification as a JSON line (for demos and scripts).")
final class ListenCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Held so that java.util.logging keeps the levels set below (it references loggers weakly). */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("org.xpush.client"), Logger.getLogger("org.jivesoftware"));

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "server host (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "5222", description = "XMPP port with STARTTLS (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--domain", paramLabel = "DOMAIN", defaultValue = "localhost", description = "the server's XMPP domain (default: ${DEFAULT-VALUE})")
    String domain;

    @Option(names = "--state-dir", paramLabel = "DIR", required = true,
            description = "where the device account and recent notification ids are kept")
    Path stateDir;

    @Option(names = "--pin", paramLabel = "SHA256",
            description = "trust exactly the server certificate with this SHA-256 fingerprint (the server logs it at first start)")
    String pin;

    @Option(names = "--trust-all", description = "trust any certificate: INSECURE, for a development server only")
    boolean trustAll;

    @Option(names = "--alias", paramLabel = "ALIAS", description = "set the device's alias")
    String alias;

    @Option(names = "--tag", paramLabel = "TAG", description = "set the device's tags (repeatable)")
    List<String> tags;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TlsPolicy tls;
        try {
            tls = tls();
        } catch (IllegalArgumentException e) {
            err.println("xpush: " + e.getMessage());
            return 2;
        }
        for (Logger l : QUIETED) l.setLevel(Level.SEVERE); // the status lines below say what matters
        PushClient client = PushClient.builder()
                .host(host).port(port).domain(domain)
                .tls(tls)
                .stateDirectory(stateDir)
                .listener(n -> print(out, n))
                .connectionStateListener(new Status(err, host + ":" + port))
                .build();
        if (alias != null) client.setAlias(alias);
        if (tags != null) client.setTags(tags);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            client.stop();
            done.countDown();
        }, "xpush-listen-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        client.start();
        try {
            done.await();
        } catch (InterruptedException e) {
            client.stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting anyway
            }
        }
        return 0;
    }

    private TlsPolicy tls() {
        if (trustAll && pin != null) throw new IllegalArgumentException("--pin and --trust-all exclude each other");
        if (trustAll) return TlsPolicy.trustAnythingInsecure();
        if (pin != null) {
            try {
                return TlsPolicy.pinnedCertificate(pin);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--pin: " + e.getMessage(), e);
            }
        }
        return TlsPolicy.systemTrust();
    }

    /** One JSON line per notification; called on a Smack thread, so lines never interleave. */
    private static void print(PrintWriter out, Notification n) throws JsonProcessingException {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", n.id());
        line.put("title", n.title());
        line.put("message", n.message());
        line.put("uri", n.uri());
        ObjectNode data = line.putObject("data");
        n.data().forEach(data::put);
        line.put("priority", n.priority().name().toLowerCase(Locale.ROOT));
        line.put("sent", n.sent() == null ? null : DateTimeFormatter.ISO_INSTANT.format(n.sent()));
        String text = JSON.writeValueAsString(line);
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    /** Status lines on standard error. */
    private static final class Status implements ConnectionStateListener {
        private final PrintWriter err;
        private final String where;

        Status(PrintWriter err, String where) {
            this.err = err;
            this.where = where;
        }

        private void say(String s) {
            synchronized (err) {
                err.println("xpush listen: " + s);
                err.flush();
            }
        }

        @Override
        public void connecting() {
            say("connecting to " + where);
        }

        @Override
        public void registered(String username) {
            say("registered a new device account " + username);
        }

        @Override
        public void authenticated(String username, boolean resumed) {
            say((resumed ? "resumed the session of " : "connected as ") + username + "; waiting for notifications");
        }

        @Override
        public void disconnected(Throwable cause) {
            say(cause == null ? "stopped" : "disconnected: " + oneLine(cause));
        }

        @Override
        public void reconnecting(long delayMillis) {
            say("reconnecting in " + delayMillis + " ms");
        }

        /** The exception's class and the first line of its message (Smack's stream errors add an XML dump). */
        private static String oneLine(Throwable t) {
            String m = t.getMessage() == null ? "" : t.getMessage().strip();
            int nl = m.indexOf('\n');
            if (nl >= 0) m = m.substring(0, nl).strip();
            if (m.length() > 300) m = m.substring(0, 300) + "…";
            return t.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
        }
    }
}
