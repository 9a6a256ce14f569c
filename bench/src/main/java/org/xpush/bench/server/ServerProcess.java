package org.xpush.bench.server;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An xpush server started from its shaded jar as a child process for one benchmark run: a fresh data directory
 * (H2), the HTTP and XMPP ports on 0 (read back from the {@code xpush ready} line), direct TLS off, plain-text
 * logins allowed without TLS, and the per-IP and per-key rate limits raised so that they do not shape the load.
 * The API key is chosen here and handed over in {@code XPUSH_API_KEY}. The server's output goes to
 * {@code server.log} in the run directory. {@link #close()} stops it with SIGTERM (then SIGKILL after 20 s) and
 * deletes the run directory unless asked to keep it.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern READY =
            Pattern.compile("xpush ready: xmpp=(\\d+) xmpp-tls=(\\S+) http=(\\d+) domain=(\\S+)");

    /**
     * The server flags of a benchmark run: loopback only, ports chosen by the kernel, direct TLS off, plain-text
     * logins without TLS, and the protections that would shape the load (per-IP and per-key rate limits) raised
     * out of the way. A flag given in {@code serverArgs} replaces the one here.
     */
    static final Map<String, String> BENCHMARK_SETTINGS = settings(
            "bind", "127.0.0.1",
            "xmpp-port", "0",
            "xmpp-tls-port", "-1",
            "http-port", "0",
            "tls-required", "false",
            "plain-without-tls", "true",
            "registration-per-ip-per-minute", "100000000",
            "connections-per-ip-per-second", "100000000",
            "api-requests-per-second", "100000000");

    private final Process process;
    private final Path runDir;
    private final boolean keep;
    private final Thread reader;
    private final CompletableFuture<ServerEndpoint> ready = new CompletableFuture<>();
    private final Thread killer;

    private ServerProcess(Process process, Path runDir, boolean keep, String apiKey) {
        this.process = process;
        this.runDir = runDir;
        this.keep = keep;
        this.reader = new Thread(() -> pump(apiKey), "bench-server-log");
        this.reader.setDaemon(true);
        this.reader.start();
        this.killer = new Thread(process::destroyForcibly, "bench-server-kill");
        Runtime.getRuntime().addShutdownHook(killer); // never leave a server behind, whatever happens to us
    }

    /**
     * Starts a server and waits (at most {@code timeout}) for its ready line.
     *
     * @param jar        the server's shaded jar ({@code server/target/xpush-server.jar})
     * @param jvmArgs    extra JVM options for the server (e.g. {@code -Xmx2g})
     * @param serverArgs extra {@code xpush server} flags; they come last, so they win
     */
    public static ServerProcess start(Path jar, List<String> jvmArgs, List<String> serverArgs, boolean keep,
            Duration timeout) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no server jar at " + jar.toAbsolutePath()
                    + "; build it with ./mvnw -q -pl server -am package -DskipTests, or give --server-jar");
        }
        Path runDir = Files.createTempDirectory("xpush-bench-");
        List<String> cmd = new ArrayList<>();
        cmd.add(javaCommand());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "server"));
        cmd.addAll(serverCommandLine(runDir.resolve("data"), serverArgs));
        String apiKey = newApiKey();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(runDir.toFile());
        pb.environment().put("XPUSH_API_KEY", apiKey);
        pb.environment().remove("XPUSH_CONFIG");
        ServerProcess server = new ServerProcess(pb.start(), runDir, keep, apiKey);
        try {
            server.ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            server.close();
            throw new IOException("the server did not start within " + timeout + ": " + e.getMessage()
                    + (keep ? "; see " + runDir.resolve("server.log") : ""), e);
        }
        return server;
    }

    /** The flags of {@code xpush server}: {@link #BENCHMARK_SETTINGS} and the data directory, overridden by {@code serverArgs}. */
    static List<String> serverCommandLine(Path dataDir, List<String> serverArgs) {
        Set<String> given = new HashSet<>();
        for (String arg : serverArgs) {
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                given.add(eq < 0 ? arg.substring(2) : arg.substring(2, eq));
            }
        }
        List<String> out = new ArrayList<>();
        Map<String, String> defaults = new LinkedHashMap<>(BENCHMARK_SETTINGS);
        defaults.put("data-dir", dataDir.toString());
        defaults.forEach((k, v) -> {
            if (!given.contains(k)) out.add("--" + k + "=" + v);
        });
        out.addAll(serverArgs);
        return List.copyOf(out);
    }

    private static Map<String, String> settings(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return Collections.unmodifiableMap(m);
    }

    /** Where the started server listens; valid after {@link #start}. */
    public ServerEndpoint endpoint() {
        return ready.getNow(null);
    }

    /** CPU time the server process used so far, or -1 when the platform does not tell. */
    public long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** The server's process id. */
    public long pid() {
        return process.pid();
    }

    /** Copies the server's output to {@code server.log} and watches for the ready line. */
    private void pump(String apiKey) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                BufferedWriter log = Files.newBufferedWriter(runDir.resolve("server.log"))) {
            String line;
            while ((line = in.readLine()) != null) {
                log.write(line);
                log.newLine();
                if (!ready.isDone()) {
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        log.flush();
                        ready.complete(new ServerEndpoint("127.0.0.1", Integer.parseInt(m.group(1)), m.group(4),
                                URI.create("http://127.0.0.1:" + m.group(3)), apiKey));
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IOException("the server exited before it was ready"));
    }

    /** Stops the server gracefully (SIGTERM; SIGKILL after 20 s) and removes the run directory unless kept. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook runs anyway, harmless on an ended process
        }
        if (keep) {
            System.err.println("bench: server data and log kept in " + runDir);
        } else {
            deleteTree(runDir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** The java binary running this process, so the server gets the same (≥ 21) JDK. */
    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String newApiKey() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return "xp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
