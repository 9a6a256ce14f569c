package org.xpush.bench.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xpush.bench.server.ServerEndpoint;
import org.xpush.bench.server.ServerProcess;
import org.xpush.bench.server.ServerUnderTest;
import picocli.CommandLine.Option;

/** Which server a scenario measures: one it starts from the jar (default), or a running one. */
public final class ServerOptions {

    @Option(names = "--server-jar", paramLabel = "JAR",
            description = "server jar to start (default: server/target/xpush-server.jar, or ../server/target/…)")
    Path serverJar;

    @Option(names = "--server-jvm-arg", paramLabel = "ARG", description = "JVM option for the started server (repeatable), e.g. -Xmx2g")
    List<String> serverJvmArgs = new ArrayList<>();

    @Option(names = "--server-arg", paramLabel = "ARG",
            description = "flag for the started server (repeatable), e.g. --server-arg=--db-url=jdbc:postgresql://…; replaces the benchmark's own value of that flag")
    List<String> serverArgs = new ArrayList<>();

    @Option(names = "--keep-server-data", description = "keep the started server's data directory and server.log")
    boolean keepServerData;

    @Option(names = "--api", paramLabel = "URL", description = "use a running server: its HTTP base URL, e.g. http://127.0.0.1:7070")
    URI api;

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key of the running server (or env XPUSH_API_KEY)")
    String apiKey;

    @Option(names = "--xmpp", paramLabel = "HOST:PORT", description = "XMPP address of the running server (default: the API's host, port 5222)")
    String xmpp;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "XMPP domain of the running server (default: localhost)")
    String domain = "localhost";

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "process id of the running server, for its CPU time and memory (RSS; heap if it is a JVM)")
    long serverPid = -1;

    /**
     * Starts the server, or describes the running one: an xpush server ({@code --api}) or, with only
     * {@code --xmpp}, a generic XMPP server without the HTTP API.
     */
    public ServerUnderTest open() throws IOException, InterruptedException {
        if (api == null && xmpp != null) {
            HostPort hp = hostPort(xmpp);
            return ServerUnderTest.external(new ServerEndpoint(hp.host(), hp.port(), domain, null, null), serverPid);
        }
        if (api == null) {
            ServerProcess p = ServerProcess.start(jar(), serverJvmArgs, serverArgs, keepServerData, Duration.ofSeconds(120));
            return ServerUnderTest.started(p);
        }
        String key = apiKey != null ? apiKey : System.getenv("XPUSH_API_KEY");
        if (key == null) throw new IllegalArgumentException("--api needs --api-key (or XPUSH_API_KEY)");
        HostPort hp = xmpp != null ? hostPort(xmpp) : new HostPort(api.getHost(), 5222);
        return ServerUnderTest.external(new ServerEndpoint(hp.host(), hp.port(), domain, api, key), serverPid);
    }

    private record HostPort(String host, int port) {}

    private static HostPort hostPort(String s) {
        int colon = s.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("--xmpp must be HOST:PORT, was " + s);
        try {
            return new HostPort(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--xmpp must be HOST:PORT, was " + s, e);
        }
    }

    private Path jar() {
        if (serverJar != null) return serverJar;
        Path here = Path.of("server", "target", "xpush-server.jar");
        Path sibling = Path.of("..", "server", "target", "xpush-server.jar");
        return Files.isRegularFile(here) || !Files.isRegularFile(sibling) ? here : sibling;
    }
}
