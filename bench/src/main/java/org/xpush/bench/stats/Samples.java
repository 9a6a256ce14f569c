package org.xpush.bench.stats;

import java.util.Arrays;

/** A growable array of long samples (nanoseconds); thread-safe, cheap enough for a few thousand adds per second. */
public final class Samples {

    private long[] values = new long[1024];
    private int size;

    public synchronized void add(long value) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = value;
    }

    public synchronized int size() {
        return size;
    }

    /** A copy of the samples so far. */
    public synchronized long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    public Percentiles percentiles() {
        return Percentiles.ofNanos(toArray());
    }
}
