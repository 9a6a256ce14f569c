package org.xpush.server.http;

import java.util.Objects;

/**
 * What the HTTP server listens on and what it accepts.
 *
 * @param bind                    address to listen on, e.g. {@code 0.0.0.0}
 * @param port                    port; 0 binds any free port ({@link HttpServer#port()} tells which)
 * @param requestsPerKeyPerSecond API requests one key may make per second (sustained, and as a burst)
 * @param maxBodyBytes            largest request body accepted; larger gets 413
 */
public record HttpSettings(String bind, int port, int requestsPerKeyPerSecond, long maxBodyBytes) {

    /** Default {@link #requestsPerKeyPerSecond}: plenty for an app server, a brake for a runaway loop. */
    public static final int DEFAULT_REQUESTS_PER_KEY_PER_SECOND = 100;

    /** Default {@link #maxBodyBytes}: 1 MiB, room for a notification to some ten thousand named users. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;

    public HttpSettings {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0 to 65535: " + port);
        if (requestsPerKeyPerSecond < 1) {
            throw new IllegalArgumentException("requestsPerKeyPerSecond must be at least 1: " + requestsPerKeyPerSecond);
        }
        if (maxBodyBytes < 1) throw new IllegalArgumentException("maxBodyBytes must be at least 1: " + maxBodyBytes);
    }

    /** The defaults for everything but the address. */
    public static HttpSettings of(String bind, int port) {
        return new HttpSettings(bind, port, DEFAULT_REQUESTS_PER_KEY_PER_SECOND, DEFAULT_MAX_BODY_BYTES);
    }
}
