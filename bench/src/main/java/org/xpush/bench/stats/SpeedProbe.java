package org.xpush.bench.stats;

/**
 * How fast this machine's CPU runs right now: the time of a fixed piece of arithmetic on one thread.
 *
 * <p>The benchmark machines are virtual, and their cores do not run at one speed: the same fixed loop, on an
 * otherwise idle machine, took 0.36–0.57 s over half a minute (Python, 12 runs). A broadcast that is bound by
 * CPU runs faster or slower by as much, whatever the server does. A scenario runs this just before what it
 * measures and reports the time, so that figures from different runs, sessions or machines can be compared.
 *
 * <p>The work is a dependent chain of integer operations on registers (no memory, no allocation, nothing to
 * vectorise), so it measures the core's speed and nothing else. Call it a few times before the measured one,
 * so that it is compiled.
 */
public final class SpeedProbe {

    /** About 25 ms on the benchmark machine at its faster speed. */
    static final int ROUNDS = 16_000_000;
    private static final int REPEATS = 5;
    /** Keeps the JIT from dropping the loop as dead code. */
    @SuppressWarnings("unused")
    private static volatile long sink;

    private SpeedProbe() {}

    /** Runs the probe {@value #REPEATS} times and returns the median time in milliseconds. */
    public static double measureMs() {
        double[] ms = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            long start = System.nanoTime();
            sink = work(ROUNDS);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return Math.round(ms[REPEATS / 2] * 100) / 100.0;
    }

    /** A xorshift chain: each step needs the previous one. */
    static long work(int rounds) {
        long x = 0x9E3779B97F4A7C15L;
        long acc = 0;
        for (int i = 0; i < rounds; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            acc += x ^ (acc >>> 3);
        }
        return acc;
    }
}
