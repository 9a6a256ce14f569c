package org.xpush.bench.stats;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * CPU used by the server and by this generator over a measured interval, as average cores busy: on the benchmark
 * machine both share the same two cores, so a figure is only as good as the CPU left to the server.
 */
public final class CpuMeter {

    /** Average cores busy during the interval; {@code server} is -1 when unknown. */
    public record Usage(double server, double bench) {}

    private final LongSupplier serverCpuNanos;
    private long wall;
    private long server;
    private long bench;

    /** @param serverCpuNanos the server's CPU time so far, or -1 when unknown */
    public CpuMeter(LongSupplier serverCpuNanos) {
        this.serverCpuNanos = serverCpuNanos;
    }

    /** Starts the interval. */
    public void start() {
        wall = System.nanoTime();
        server = serverCpuNanos.getAsLong();
        bench = benchCpuNanos();
    }

    /** Ends the interval. */
    public Usage stop() {
        double elapsed = System.nanoTime() - wall;
        long s = serverCpuNanos.getAsLong();
        double serverCores = server < 0 || s < 0 ? -1 : round((s - server) / elapsed);
        return new Usage(serverCores, round((benchCpuNanos() - bench) / elapsed));
    }

    private static long benchCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
