package org.xpush.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.Objects;

/**
 * Where an {@link ApiModule} declares its routes. Paths are relative to {@value #BASE} and use Javalin's
 * syntax: {@code /users/{name}} (one segment, read with {@code ctx.pathParam("name")}, percent-decoded).
 * A value that may contain {@code /}, such as a full JID, must be sent percent-encoded ({@code %2F});
 * the server accepts that.
 */
public final class ApiRoutes {

    /** Prefix of every API route. */
    public static final String BASE = "/api/v1";

    private final RoutesConfig routes;

    ApiRoutes(RoutesConfig routes) {
        this.routes = routes;
    }

    public ApiRoutes get(String path, Handler handler) {
        routes.get(full(path), Objects.requireNonNull(handler, "handler"));
        return this;
    }

    public ApiRoutes post(String path, Handler handler) {
        routes.post(full(path), Objects.requireNonNull(handler, "handler"));
        return this;
    }

    public ApiRoutes put(String path, Handler handler) {
        routes.put(full(path), Objects.requireNonNull(handler, "handler"));
        return this;
    }

    public ApiRoutes patch(String path, Handler handler) {
        routes.patch(full(path), Objects.requireNonNull(handler, "handler"));
        return this;
    }

    public ApiRoutes delete(String path, Handler handler) {
        routes.delete(full(path), Objects.requireNonNull(handler, "handler"));
        return this;
    }

    private static String full(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("an API path starts with '/', relative to " + BASE + ": " + path);
        }
        return BASE + path;
    }
}
