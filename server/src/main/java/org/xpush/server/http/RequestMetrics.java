package org.xpush.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every HTTP request into {@code http_server_requests_seconds{method, route, status}}. The route is
 * the matched template ({@code /api/v1/notifications/{id}}), never the raw path, so the number of series
 * stays bounded; requests that reached no route (404, or refused before routing, e.g. 401) count as
 * {@code route="none"}.
 */
final class RequestMetrics {

    private static final String STARTED = RequestMetrics.class.getName() + ".started";

    private final MeterRegistry registry;

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void install(RoutesConfig routes) {
        routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
        routes.after(this::record);
    }

    private void record(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) return;
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        Timer.builder("http.server.requests")
                .description("HTTP requests by method, route template and status")
                .tag("method", ctx.method().name())
                .tag("route", matched != null ? matched.path : "none")
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
