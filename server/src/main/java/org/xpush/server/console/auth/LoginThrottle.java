package org.xpush.server.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lockout with back-off after repeated failed sign-ins, counted per account name and per client address (so
 * that neither guessing one account from many addresses nor many accounts from one address goes fast).
 *
 * <p>The first {@code freeFailures} failures of an account ({@value #ADDRESS_FACTOR} times as many for an address,
 * which a whole office may share behind NAT) cost nothing; every further failure locks the key for
 * {@code baseLock}, doubling each time, up to {@code maxLock}. While a key is locked, sign-in is refused without
 * checking the password. A success clears the account's and the address's counts. A key forgets its failures
 * {@link #FORGET_AFTER} after its last one. Counts live in memory on this node.
 *
 * <p>Thread-safe; never blocks.
 */
public final class LoginThrottle {

    /** Failures are forgotten this long after the last one. */
    static final Duration FORGET_AFTER = Duration.ofHours(1);

    /** An address may fail this many times as often as an account before it is locked. */
    static final int ADDRESS_FACTOR = 4;

    /** Most keys remembered; beyond that the oldest are dropped first (bounded memory under a flood). */
    static final int MAX_KEYS = 100_000;

    private final int freeFailures;
    private final Duration baseLock;
    private final Duration maxLock;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, Instant last, Instant lockedUntil) {}

    /**
     * @param freeFailures failures allowed before the first lock
     * @param baseLock     the first lock; each further failure doubles it
     * @param maxLock      the longest lock
     */
    public LoginThrottle(int freeFailures, Duration baseLock, Duration maxLock, Clock clock) {
        if (freeFailures < 1) throw new IllegalArgumentException("freeFailures must be at least 1");
        this.freeFailures = freeFailures;
        this.baseLock = Objects.requireNonNull(baseLock, "baseLock");
        this.maxLock = Objects.requireNonNull(maxLock, "maxLock");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The console's defaults: 5 free failures, then 30 s, 1 min, 2 min, … up to 15 min. */
    public static LoginThrottle defaults() {
        return new LoginThrottle(5, Duration.ofSeconds(30), Duration.ofMinutes(15), Clock.systemUTC());
    }

    /** How long sign-in stays refused for this account and address; zero when it may be tried now. */
    public Duration lockedFor(String username, String address) {
        Instant now = clock.instant();
        Duration a = remaining(accountKey(username), now);
        Duration b = remaining(addressKey(address), now);
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Records a failed sign-in. */
    public void failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_KEYS) prune(now);
        record(accountKey(username), freeFailures, now);
        record(addressKey(address), freeFailures * ADDRESS_FACTOR, now);
    }

    /** Records a successful sign-in: the account and the address start afresh. */
    public void succeeded(String username, String address) {
        failures.remove(accountKey(username));
        failures.remove(addressKey(address));
    }

    private void record(String key, int free, Instant now) {
        failures.compute(key, (k, old) -> {
            int count = old == null || forgotten(old, now) ? 1 : old.count() + 1;
            Instant until = now;
            if (count > free) {
                int doublings = Math.min(count - free - 1, 30);
                Duration lock = baseLock.multipliedBy(1L << doublings);
                until = now.plus(lock.compareTo(maxLock) > 0 ? maxLock : lock);
            }
            return new Failures(count, now, until);
        });
    }

    private Duration remaining(String key, Instant now) {
        Failures f = failures.get(key);
        if (f == null || !now.isBefore(f.lockedUntil())) return Duration.ZERO;
        return Duration.between(now, f.lockedUntil());
    }

    private boolean forgotten(Failures f, Instant now) {
        return !now.isBefore(f.last().plus(FORGET_AFTER)) && !now.isBefore(f.lockedUntil());
    }

    private void prune(Instant now) {
        failures.values().removeIf(f -> forgotten(f, now));
        if (failures.size() >= MAX_KEYS) failures.clear(); // a flood of distinct keys: start over rather than grow
    }

    private static String accountKey(String username) {
        return "u:" + (username == null ? "" : username);
    }

    private static String addressKey(String address) {
        return "a:" + (address == null ? "" : address);
    }
}
