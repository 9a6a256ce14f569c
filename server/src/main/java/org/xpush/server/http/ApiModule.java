package org.xpush.server.http;

/**
 * A feature's part of the JSON API: registers its routes under {@code /api/v1} when the HTTP server is built.
 * Every route it registers requires an API key and is rate-limited per key; inside a handler,
 * {@link ApiKeyAuth#key(io.javalin.http.Context)} is the key that authenticated the request.
 *
 * <pre>{@code
 * final class NotificationApi implements ApiModule {
 *     public void register(ApiRoutes routes) {
 *         routes.post("/notifications", ctx -> {
 *             NotificationBody body = JsonBody.read(ctx, NotificationBody.class);   // 400 problems on bad input
 *             ApiKey caller = ApiKeyAuth.key(ctx);
 *             ctx.status(202).json(Map.of("id", manager.accept(body.toRequest(), caller.id())));
 *         });
 *         routes.get("/notifications/{id}", ctx -> ctx.json(find(ctx.pathParam("id"))));
 *     }
 * }
 * }</pre>
 *
 * Handlers run on virtual threads and may block (JDBC). They signal client errors by throwing
 * {@link ProblemException}; anything else they throw is logged once and answered with a 500 problem.
 */
@FunctionalInterface
public interface ApiModule {

    /** Called once, while the server is configured, before it starts. */
    void register(ApiRoutes routes);
}
