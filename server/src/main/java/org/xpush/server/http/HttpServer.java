package org.xpush.server.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.apikey.ApiKeyService;

/**
 * The HTTP listener of a node (DESIGN §3.1, port 7070), on Javalin 7 and Jetty 12:
 * <ul>
 *   <li>{@code GET /healthz}: 200 {@code {"status":"ok"}} while the process runs;
 *   <li>{@code GET /readyz}: 200 when {@code ready} says so, else 503 (e.g. while starting or stopping);
 *   <li>{@code GET /metrics}: the registry in the Prometheus text format. Not authenticated: firewall it, or
 *       bind the server to a private address;
 *   <li>{@code GET /api/v1/openapi.json}: the API's OpenAPI 3.1 document, not authenticated;
 *   <li>{@code /api/…}: the {@link ApiModule}s' routes, behind {@link ApiKeyAuth} (API key, rate limit) and a
 *       body-size limit; every error is an RFC 9457 problem ({@link ProblemResponses});
 *   <li>everything else: the {@link PageModule}s, i.e. the admin console.
 * </ul>
 *
 * <p>Jetty's selector and acceptor run on a small pool of platform threads; each request is handled on its
 * own virtual thread, so handlers may block on JDBC.
 *
 * <p>Lifecycle: construct (routes are fixed then: Javalin 7 takes every route up front), {@link #start()},
 * {@link #close()}. Not restartable. {@code start} and {@code close} are called from the composition root.
 */
public final class HttpServer implements AutoCloseable {

    /** Where the OpenAPI document is, on the classpath and on the server. */
    static final String OPENAPI_RESOURCE = "/openapi.json";
    static final String OPENAPI_PATH = ApiRoutes.BASE + "/openapi.json";

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final HttpSettings settings;
    private final Javalin app;
    private final ExecutorService handlers;
    private boolean started;
    private boolean closed;

    /**
     * Builds the server; nothing is bound until {@link #start()}.
     *
     * @param keys    authenticates API requests
     * @param metrics served at {@code /metrics}; request timings are recorded into it
     * @param ready   answers {@code /readyz}; called on request threads, must be cheap and thread-safe
     * @param modules the API's features, each registering its routes under {@value ApiRoutes#BASE}
     * @throws UncheckedIOException if the OpenAPI document is missing from the classpath
     */
    public HttpServer(HttpSettings settings, ApiKeyService keys, PrometheusMeterRegistry metrics, BooleanSupplier ready,
            List<ApiModule> modules) {
        this(settings, keys, metrics, ready, modules, List.of());
    }

    /**
     * Builds the server with page modules (the admin console) besides the API; nothing is bound until
     * {@link #start()}.
     *
     * @param pages registered after the API, in order; see {@link PageModule}
     */
    public HttpServer(HttpSettings settings, ApiKeyService keys, PrometheusMeterRegistry metrics, BooleanSupplier ready,
            List<ApiModule> modules, List<PageModule> pages) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(ready, "ready");
        List<ApiModule> apiModules = List.copyOf(modules);
        byte[] openApi = openApiDocument();
        ApiKeyAuth auth = new ApiKeyAuth(keys, settings.requestsPerKeyPerSecond());
        this.handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("xpush-http-", 0).factory());
        this.app = Javalin.create(config -> {
            configureServer(config);
            new ProblemResponses(settings.maxBodyBytes()).install(config.routes);
            new RequestMetrics(metrics).install(config.routes);

            config.routes.get("/healthz", ctx -> status(ctx, 200, "ok"));
            config.routes.get("/readyz", ctx -> {
                boolean isReady = ready.getAsBoolean();
                status(ctx, isReady ? 200 : 503, isReady ? "ready" : "not ready");
            });
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .header("Cache-Control", "no-store")
                    .result(metrics.scrape()));
            config.routes.get(OPENAPI_PATH, ctx -> ctx.contentType("application/json").result(openApi));

            config.routes.before("/api/*", ctx -> {
                if (ctx.path().equals(OPENAPI_PATH)) return;
                auth.handle(ctx);
                checkDeclaredLength(ctx);
                ctx.attribute(JsonBody.MAX_BYTES_ATTRIBUTE, settings.maxBodyBytes());
            });
            ApiRoutes routes = new ApiRoutes(config.routes);
            for (ApiModule module : apiModules) module.register(routes);
            for (PageModule page : List.copyOf(pages)) page.register(config.routes);
        });
    }

    private void configureServer(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.startup.startupWatcherEnabled = false;
        config.jetty.host = settings.bind();
        config.jetty.port = settings.port();
        // Platform threads for Jetty's selector and acceptor, a virtual thread per request (Jetty's own way).
        // Javalin's useVirtualThreads alone would put everything, the selector's blocking select() included,
        // on virtual threads.
        QueuedThreadPool pool = new QueuedThreadPool(32, 2); // threads made on demand; few are ever needed
        pool.setName("xpush-http");
        pool.setVirtualThreadsExecutor(handlers);
        config.jetty.threadPool = pool;
        config.concurrency.useVirtualThreads = true; // Javalin's async and JSON-streaming executors
        // A full JID in a path segment arrives as %2F; Jetty 12 refuses such "ambiguous" paths by default.
        config.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(
                UriCompliance.DEFAULT.with("xpush", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR)));
        config.jetty.modifyServletContextHandler(context -> context.getServletHandler().setDecodeAmbiguousURIs(true));
        config.http.maxRequestSize = settings.maxBodyBytes(); // for handlers that call ctx.body() themselves
        config.http.prefer405over404 = true;
        config.jsonMapper(new JavalinJackson(ApiJson.MAPPER, true));
    }

    /**
     * Refuses a declared oversized body without parsing it. One that is not huge is read and dropped first: a
     * connection closed with unread data is reset, and the client would see that instead of the 413.
     */
    private void checkDeclaredLength(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > settings.maxBodyBytes()) {
            if (length <= JsonBody.DRAIN_BYTES) JsonBody.discard(ctx, length);
            throw JsonBody.tooLarge(settings.maxBodyBytes());
        }
    }

    private static void status(Context ctx, int status, String text) {
        ctx.status(status).header("Cache-Control", "no-store").json(new Status(text));
    }

    private record Status(String status) {}

    private static byte[] openApiDocument() {
        try (InputStream in = HttpServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) throw new UncheckedIOException(new IOException(OPENAPI_RESOURCE + " is not on the classpath"));
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }

    /**
     * Binds and starts serving; returns once the port is open.
     *
     * @throws io.javalin.util.JavalinBindException if the port is taken
     */
    public synchronized void start() {
        if (started) throw new IllegalStateException("already started");
        started = true;
        app.start();
        log.info("HTTP listening on {}:{}", settings.bind(), port());
    }

    /** The bound port (the actual one when the setting was 0). Valid after {@link #start()}. */
    public int port() {
        return app.port();
    }

    /** Stops listening; requests in progress get Jetty's graceful-stop period. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (started) app.stop();
        handlers.shutdown();
        try {
            if (!handlers.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("HTTP requests still running 5 s after stop; interrupting them");
                handlers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
