package org.xpush.bench.server;

/**
 * The server a scenario measures: a child process this run started (and stops), or one already running that
 * the command line pointed at (left alone; its CPU time is unknown).
 */
public final class ServerUnderTest implements AutoCloseable {

    private final ServerEndpoint endpoint;
    private final ServerProcess process;

    private ServerUnderTest(ServerEndpoint endpoint, ServerProcess process) {
        this.endpoint = endpoint;
        this.process = process;
    }

    public static ServerUnderTest started(ServerProcess process) {
        return new ServerUnderTest(process.endpoint(), process);
    }

    public static ServerUnderTest external(ServerEndpoint endpoint) {
        return new ServerUnderTest(endpoint, null);
    }

    public ServerEndpoint endpoint() {
        return endpoint;
    }

    /** "child" when started by this run, "external" otherwise. */
    public String kind() {
        return process == null ? "external" : "child";
    }

    /** CPU time the server used so far, or -1 when unknown (external server). */
    public long cpuNanos() {
        return process == null ? -1 : process.cpuNanos();
    }

    @Override
    public void close() {
        if (process != null) process.close();
    }
}
