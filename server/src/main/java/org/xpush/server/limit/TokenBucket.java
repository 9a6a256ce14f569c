package org.xpush.server.limit;

import java.time.Duration;

/** A token bucket: {@code capacity} tokens, refilled at {@code refill} tokens per {@code period}. Thread-safe. */
public final class TokenBucket {

    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long last;

    public TokenBucket(int capacity, int refill, Duration period) {
        this.capacity = capacity;
        this.tokensPerNano = refill / (double) period.toNanos();
        this.tokens = capacity;
        this.last = System.nanoTime();
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryTake() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
