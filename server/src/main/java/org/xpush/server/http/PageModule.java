package org.xpush.server.http;

import io.javalin.config.RoutesConfig;

/**
 * A part of the HTTP server outside the JSON API, such as the admin console: registers its own routes, filters
 * and exception handlers when the server is built. It must leave {@code /api/…}, {@code /metrics},
 * {@code /healthz} and {@code /readyz} alone (those keep API-key authentication and their plain answers).
 * Handlers run on virtual threads and may block.
 */
@FunctionalInterface
public interface PageModule {

    /** Called once, while the server is configured, before it starts. */
    void register(RoutesConfig routes);

    /** Whether {@code path} belongs to the API or the operations endpoints, which page modules must not touch. */
    static boolean isServicePath(String path) {
        return path.startsWith(ApiRoutes.BASE + "/") || path.equals(ApiRoutes.BASE) || path.equals("/metrics")
                || path.equals("/healthz") || path.equals("/readyz");
    }
}
