package org.xpush.server.console.auth;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in operator's console session.
 *
 * @param id       the random value of the session cookie
 * @param username the console account
 * @param csrf     the anti-forgery token every form and htmx request of this session must carry
 * @param created  when the operator signed in
 */
public record ConsoleSession(String id, String username, String csrf, Instant created) {

    public ConsoleSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(csrf, "csrf");
        Objects.requireNonNull(created, "created");
    }

    /** Whether {@code presented} is this session's CSRF token (constant-time comparison). */
    public boolean csrfMatches(String presented) {
        return presented != null && MessageDigest.isEqual(
                csrf.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Without the secrets. */
    @Override
    public String toString() {
        return "ConsoleSession[username=" + username + ", created=" + created + "]";
    }
}
