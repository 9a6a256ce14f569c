package org.xpush.bench.server;

/**
 * The server a scenario measures: a child process this run started (and stops), or one already running that
 * the command line pointed at (left alone; its CPU time is unknown).
 */
public final class ServerUnderTest implements AutoCloseable {

    private final ServerEndpoint endpoint;
    private final ServerProcess process;
    private final long externalPid;

    private ServerUnderTest(ServerEndpoint endpoint, ServerProcess process, long externalPid) {
        this.endpoint = endpoint;
        this.process = process;
        this.externalPid = externalPid;
    }

    public static ServerUnderTest started(ServerProcess process) {
        return new ServerUnderTest(process.endpoint(), process, -1);
    }

    /** @param pid the running server's process id (for its CPU time and memory), or -1 when unknown */
    public static ServerUnderTest external(ServerEndpoint endpoint, long pid) {
        return new ServerUnderTest(endpoint, null, pid);
    }

    /** The server's process id, or -1 when unknown. */
    public long pid() {
        return process != null ? process.pid() : externalPid;
    }

    /** The endpoint, which must have the xpush HTTP API for {@code scenario}. */
    public ServerEndpoint requireApi(String scenario) {
        if (!endpoint.hasApi()) {
            throw new IllegalArgumentException(scenario + " needs the xpush HTTP API (--api); a generic XMPP server runs "
                    + "idle, login-storm, xmpp-route and message-fanout");
        }
        return endpoint;
    }

    public ServerEndpoint endpoint() {
        return endpoint;
    }

    /** "child" when started by this run, "external" otherwise. */
    public String kind() {
        return process == null ? "external" : "child";
    }

    /** CPU time the server used so far, or -1 when unknown (external server without --server-pid). */
    public long cpuNanos() {
        if (process != null) return process.cpuNanos();
        if (externalPid < 0) return -1;
        return ProcessHandle.of(externalPid).flatMap(h -> h.info().totalCpuDuration())
                .map(java.time.Duration::toNanos).orElse(-1L);
    }

    @Override
    public void close() {
        if (process != null) process.close();
    }
}
