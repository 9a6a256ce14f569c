package org.xpush.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * When a {@link PushClient} tries to connect again: exponential back-off with full jitter. The delay before
 * attempt {@code n} (0 for the first retry) is drawn uniformly from {@code [0, min(maxDelay, initialDelay·2^n)]},
 * so that many devices that lost the server at the same instant come back spread over time instead of in one
 * storm. The count starts again from 0 once a connection has stayed up for {@link #resetAfter()}.
 *
 * <p>Defaults: initial delay 1 s, maximum 5 min, reset after 60 s. Immutable.
 */
public final class ReconnectPolicy {

    private static final ReconnectPolicy DEFAULTS = builder().build();

    /** Past this exponent the bound is the maximum anyway (2^30 s is 34 years); avoids overflow. */
    private static final int MAX_EXPONENT = 30;

    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration resetAfter;

    private ReconnectPolicy(Builder b) {
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.resetAfter = b.resetAfter;
    }

    /** Initial delay 1 s, maximum 5 min, reset after a connection stayed up 60 s. */
    public static ReconnectPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The bound of the first retry's delay. */
    public Duration initialDelay() {
        return initialDelay;
    }

    /** The largest delay between two attempts. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** How long a connection must stay up before the attempt count starts again from 0. */
    public Duration resetAfter() {
        return resetAfter;
    }

    /**
     * The upper bound of the delay before attempt {@code attempt}: {@code min(maxDelay, initialDelay·2^attempt)}.
     *
     * @param attempt the number of attempts made since the last stable connection (0 for the first retry)
     * @return the bound in milliseconds
     */
    public long maxDelayMillis(int attempt) {
        if (attempt < 0) throw new IllegalArgumentException("attempt must not be negative: " + attempt);
        long cap = maxDelay.toMillis();
        long base = initialDelay.toMillis();
        int exponent = Math.min(attempt, MAX_EXPONENT);
        long bound = base << exponent;
        // the shift overflows only beyond Long.MAX_VALUE ms; a negative or shrunk result means "past the cap"
        if (bound < 0 || (bound >> exponent) != base) return cap;
        return Math.min(cap, bound);
    }

    /** A delay for {@code attempt}, uniform in {@code [0, maxDelayMillis(attempt)]} (full jitter). */
    long delayMillis(int attempt, Random random) {
        long bound = maxDelayMillis(attempt);
        if (bound == 0) return 0;
        long d = (long) (random.nextDouble() * (bound + 1));
        return Math.min(d, bound);
    }

    @Override
    public String toString() {
        return "ReconnectPolicy{initialDelay=" + initialDelay + ", maxDelay=" + maxDelay + ", resetAfter=" + resetAfter + "}";
    }

    /** Builds a {@link ReconnectPolicy}. Not thread-safe. */
    public static final class Builder {
        private Duration initialDelay = Duration.ofSeconds(1);
        private Duration maxDelay = Duration.ofMinutes(5);
        private Duration resetAfter = Duration.ofSeconds(60);

        private Builder() {}

        /** Sets the bound of the first retry's delay (default 1 s; at least 1 ms); returns this builder. */
        public Builder initialDelay(Duration initialDelay) {
            this.initialDelay = positive(initialDelay, "initialDelay");
            return this;
        }

        /** Sets the largest delay between two attempts (default 5 min); returns this builder. */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = positive(maxDelay, "maxDelay");
            return this;
        }

        /** Sets how long a connection must stay up to reset the attempt count (default 60 s); returns this builder. */
        public Builder resetAfter(Duration resetAfter) {
            Objects.requireNonNull(resetAfter, "resetAfter");
            if (resetAfter.isNegative()) throw new IllegalArgumentException("resetAfter must not be negative: " + resetAfter);
            this.resetAfter = resetAfter;
            return this;
        }

        /**
         * The policy.
         *
         * @return a new immutable policy
         * @throws IllegalArgumentException if the initial delay exceeds the maximum
         */
        public ReconnectPolicy build() {
            if (initialDelay.compareTo(maxDelay) > 0) {
                throw new IllegalArgumentException("initialDelay " + initialDelay + " exceeds maxDelay " + maxDelay);
            }
            return new ReconnectPolicy(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.toMillis() < 1) throw new IllegalArgumentException(name + " must be at least 1 ms, not " + d);
            return d;
        }
    }
}
