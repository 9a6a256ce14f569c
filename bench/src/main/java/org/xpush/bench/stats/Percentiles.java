package org.xpush.bench.stats;

import java.util.Arrays;

/**
 * A latency distribution in milliseconds (three decimals): count, p50, p90, p99, max and mean, by the
 * nearest-rank method on all samples (no histogram buckets: a run has at most a few million samples).
 */
public record Percentiles(long count, double p50, double p90, double p99, double max, double mean) {

    /** The distribution of {@code nanos} (the array is sorted in place). All zero when empty. */
    public static Percentiles ofNanos(long[] nanos) {
        if (nanos.length == 0) return new Percentiles(0, 0, 0, 0, 0, 0);
        Arrays.sort(nanos);
        double sum = 0;
        for (long n : nanos) sum += n;
        return new Percentiles(nanos.length, ms(rank(nanos, 0.50)), ms(rank(nanos, 0.90)), ms(rank(nanos, 0.99)),
                ms(nanos[nanos.length - 1]), ms((long) (sum / nanos.length)));
    }

    /** Nearest rank: the smallest sample with at least {@code q} of the samples at or below it. */
    static long rank(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
