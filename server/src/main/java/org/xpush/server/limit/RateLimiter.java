package org.xpush.server.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * A token bucket per key (an IP address, an API key): {@code perPeriod} events per {@code period}, with a
 * burst of the same size. Buckets idle longer than two periods are forgotten. Thread-safe.
 *
 * @param <K> the key type
 */
public final class RateLimiter<K> {

    private final Cache<K, TokenBucket> buckets;
    private final int perPeriod;
    private final Duration period;

    public RateLimiter(int perPeriod, Duration period) {
        this.perPeriod = perPeriod;
        this.period = period;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(period.multipliedBy(2).plusSeconds(1))
                .maximumSize(1_000_000)
                .build();
    }

    /** True when {@code key} may do one more thing now (and counts it). */
    public boolean tryAcquire(K key) {
        return buckets.get(key, k -> new TokenBucket(perPeriod, perPeriod, period)).tryTake();
    }
}
