package org.xpush.server.console.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The console sessions of this node, in memory: created at sign-in, found by the cookie's value, ended by sign-out
 * or after {@link #IDLE_TIMEOUT} without a request (and at the latest {@link #MAX_AGE} after sign-in). A restart
 * signs everyone out. Thread-safe; never blocks.
 */
public final class ConsoleSessions {

    /** A session unused this long ends. */
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

    /** A session ends this long after sign-in, however busy. */
    public static final Duration MAX_AGE = Duration.ofHours(12);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Cache<String, ConsoleSession> sessions =
            Caffeine.newBuilder().expireAfterAccess(IDLE_TIMEOUT).maximumSize(10_000).build();

    public ConsoleSessions(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts a session with fresh random id and CSRF token (a new id at every sign-in: no fixation). */
    public ConsoleSession start(String username) {
        ConsoleSession session = new ConsoleSession(token(), username, token(), clock.instant());
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session with this cookie value. */
    public Optional<ConsoleSession> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) return Optional.empty();
        ConsoleSession session = sessions.getIfPresent(id);
        if (session == null) return Optional.empty();
        if (!clock.instant().isBefore(session.created().plus(MAX_AGE))) {
            sessions.invalidate(id);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Ends the session (sign-out). */
    public void end(String id) {
        if (id != null) sessions.invalidate(id);
    }

    /** Ends every session of the account (e.g. after its password changed). */
    public void endAll(String username) {
        sessions.asMap().values().removeIf(s -> s.username().equals(username));
    }

    /** 32 random bytes, base64url: 43 characters. */
    String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
