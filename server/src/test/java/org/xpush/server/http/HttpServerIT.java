package org.xpush.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.apikey.ApiKeyService;
import org.xpush.server.apikey.ApiKeyStore;
import org.xpush.server.apikey.NewApiKey;
import org.xpush.server.storage.Database;

/**
 * A real {@link HttpServer} on an ephemeral port, with a real H2 database and a test module, called with
 * {@link HttpClient}.
 */
class HttpServerIT {

    static final int PER_SECOND = 50;
    static final long MAX_BODY = 4096;

    @TempDir
    static Path dataDir;

    static Database database;
    static ApiKeyService keys;
    static PrometheusMeterRegistry metrics;
    static HttpServer server;
    static HttpClient client;
    static NewApiKey key;
    static final AtomicBoolean ready = new AtomicBoolean();
    static final ObjectMapper json = new ObjectMapper();

    record Echo(String text, Integer count, List<String> tags) {}

    /** What an API module looks like to the server. */
    static final class TestModule implements ApiModule {
        @Override
        public void register(ApiRoutes routes) {
            routes.get("/test/whoami", ctx -> ctx.json(Map.of(
                    "id", ApiKeyAuth.key(ctx).id(),
                    "name", ApiKeyAuth.key(ctx).name(),
                    "virtual", Thread.currentThread().isVirtual())));
            routes.post("/test/echo", ctx -> ctx.status(201).json(JsonBody.read(ctx, Echo.class)));
            routes.get("/test/path/{value}", ctx -> ctx.json(Map.of("value", ctx.pathParam("value"))));
            routes.get("/test/conflict", ctx -> {
                throw ProblemException.conflict("Already there");
            });
            routes.get("/test/boom", ctx -> {
                throw new IllegalStateException("secret internal detail");
            });
        }
    }

    @BeforeAll
    static void start() {
        database = Database.open(null, dataDir);
        keys = new ApiKeyService(new ApiKeyStore(database.jdbi()), Runnable::run);
        key = keys.create("tests");
        metrics = Metrics.create();
        server = new HttpServer(new HttpSettings("127.0.0.1", 0, PER_SECOND, MAX_BODY), keys, metrics, ready::get,
                List.of(new TestModule()));
        server.start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) client.close();
        if (server != null) server.close();
        if (metrics != null) metrics.close();
        if (database != null) database.close();
    }

    @Test
    void healthzIsOkWithoutAKey() throws Exception {
        HttpResponse<String> response = send(request("/healthz").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("status").asText()).isEqualTo("ok");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }

    @Test
    void readyzFollowsTheReadinessOfTheNode() throws Exception {
        ready.set(false);
        assertThat(send(request("/readyz").GET()).statusCode()).isEqualTo(503);

        ready.set(true);
        HttpResponse<String> response = send(request("/readyz").GET());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"ready\"");
    }

    @Test
    void metricsArePrometheusTextWithJvmAndRequestMeters() throws Exception {
        send(request("/healthz").GET());

        HttpResponse<String> response = send(request("/metrics").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body())
                .contains("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "process_uptime_seconds")
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/healthz\",status=\"200\"}");
    }

    @Test
    void openApiDocumentIsPublicAndDescribesTheApi() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/openapi.json").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = json.readTree(response.body());
        assertThat(doc.get("openapi").asText()).startsWith("3.1");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/v1/notifications", "/api/v1/notifications/batch", "/api/v1/notifications/{id}", "/api/v1/users",
                "/api/v1/users/{name}", "/api/v1/users/{name}/alias", "/api/v1/users/{name}/tags",
                "/api/v1/sessions", "/api/v1/sessions/{jid}", "/healthz", "/readyz", "/metrics");
        assertThat(doc.at("/paths/~1api~1v1~1notifications/post/responses/202")).isNotNull();
        assertThat(doc.at("/components/securitySchemes/apiKey/scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void authenticatedRequestSeesItsKeyOnAVirtualThread() throws Exception {
        HttpResponse<String> response = send(authorized("/api/v1/test/whoami").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("id").asText()).isEqualTo(key.key().id());
        assertThat(body.get("name").asText()).isEqualTo("tests");
        assertThat(body.get("virtual").asBoolean()).isTrue();
    }

    @Test
    void requestWithoutKeyIsUnauthorized() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/test/whoami").GET());

        JsonNode problem = problem(response, 401);
        assertThat(problem.get("detail").asText()).contains("Authorization: Bearer");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"xpush\"");
    }

    @Test
    void wrongOrMalformedKeyIsUnauthorized() throws Exception {
        HttpResponse<String> wrong = send(request("/api/v1/test/whoami")
                .header("Authorization", "Bearer xp_" + "A".repeat(43)).GET());
        problem(wrong, 401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate"))
                .contains("Bearer realm=\"xpush\", error=\"invalid_token\"");

        HttpResponse<String> basic = send(request("/api/v1/test/whoami")
                .header("Authorization", "Basic dXNlcjpwYXNz").GET());
        problem(basic, 401);
        assertThat(basic.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void revokedKeyIsRefusedImmediately() throws Exception {
        NewApiKey doomed = keys.create("doomed");
        assertThat(send(authorized("/api/v1/test/whoami", doomed).GET()).statusCode()).isEqualTo(200);

        keys.revoke(doomed.key().id());

        problem(send(authorized("/api/v1/test/whoami", doomed).GET()), 401);
    }

    @Test
    void keyOverItsRateGets429WithRetryAfter() throws Exception {
        NewApiKey busy = keys.create("busy");
        HttpResponse<String> refused = null;
        // The bucket holds PER_SECOND tokens and refills PER_SECOND a second; local requests take about a
        // millisecond, so it runs dry long before the loop ends.
        for (int i = 0; i < 50 * PER_SECOND && refused == null; i++) {
            HttpResponse<String> response = send(authorized("/api/v1/test/whoami", busy).GET());
            if (response.statusCode() == 429) refused = response;
            else assertThat(response.statusCode()).isEqualTo(200);
        }

        assertThat(refused).as("a 429 after the bucket is empty").isNotNull();
        problem(refused, 429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(send(authorized("/api/v1/test/whoami").GET()).statusCode())
                .as("other keys have their own bucket").isEqualTo(200);
    }

    @Test
    void validBodyIsParsedIntoARecord() throws Exception {
        HttpResponse<String> response = send(authorized("/api/v1/test/echo")
                .POST(jsonBody("{\"text\":\"hi\",\"count\":3,\"tags\":[\"a\"]}")));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json.readTree(response.body())).isEqualTo(json.readTree("{\"text\":\"hi\",\"count\":3,\"tags\":[\"a\"]}"));
    }

    @Test
    void malformedJsonIs400WithThePosition() throws Exception {
        JsonNode problem = problem(send(authorized("/api/v1/test/echo").POST(jsonBody("{\"text\": \"private\", }"))), 400);

        assertThat(problem.get("detail").asText()).isEqualTo("Malformed JSON at line 1, column 21");
        assertThat(problem.toString()).doesNotContain("private");
    }

    @Test
    void fieldOfTheWrongTypeIs400NamingTheField() throws Exception {
        JsonNode problem = problem(send(authorized("/api/v1/test/echo").POST(jsonBody("{\"count\": \"three\"}"))), 400);

        assertThat(problem.get("errors")).hasSize(1);
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("count");
        assertThat(problem.at("/errors/0/message").asText()).isEqualTo("must be an integer");
    }

    @Test
    void oversizedBodyIs413WithOrWithoutContentLength() throws Exception {
        String big = "{\"text\":\"" + "x".repeat((int) MAX_BODY) + "\"}";

        problem(send(authorized("/api/v1/test/echo").POST(jsonBody(big))), 413);
        // Chunked: no Content-Length, the limit applies while reading.
        BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()));
        JsonNode problem = problem(send(authorized("/api/v1/test/echo").POST(chunked)), 413);
        assertThat(problem.get("detail").asText()).contains(Long.toString(MAX_BODY));
    }

    @Test
    void unknownRouteIs404Problem() throws Exception {
        JsonNode problem = problem(send(authorized("/api/v1/no/such/thing").GET()), 404);

        assertThat(problem.get("detail").asText()).isEqualTo("No resource GET /api/v1/no/such/thing");
        problem(send(request("/no/such/page").GET()), 404);
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> response = send(authorized("/api/v1/test/whoami").DELETE());

        problem(response, 405);
        assertThat(response.headers().firstValue("Allow")).contains("GET");
    }

    @Test
    void problemExceptionFromAHandlerIsTheResponse() throws Exception {
        JsonNode problem = problem(send(authorized("/api/v1/test/conflict").GET()), 409);

        assertThat(problem.get("title").asText()).isEqualTo("Conflict");
        assertThat(problem.get("detail").asText()).isEqualTo("Already there");
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
    }

    @Test
    void unexpectedExceptionIs500WithoutInternals() throws Exception {
        JsonNode problem = problem(send(authorized("/api/v1/test/boom").GET()), 500);

        assertThat(problem.get("detail").asText()).matches("The server could not handle this request;"
                + " the error is logged as incident [0-9a-f]{8}");
        assertThat(problem.toString()).doesNotContain("secret", "IllegalState", "at org.");
    }

    @Test
    void encodedSlashReachesThePathParameter() throws Exception {
        HttpResponse<String> response = send(authorized("/api/v1/test/path/alice%40localhost%2Fphone").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("value").asText()).isEqualTo("alice@localhost/phone");
    }

    private static JsonNode problem(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).isNotEmpty();
        assertThat(problem.get("title").asText()).isNotEmpty();
        return problem;
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
    }

    private static HttpRequest.Builder authorized(String path) {
        return authorized(path, key);
    }

    private static HttpRequest.Builder authorized(String path, NewApiKey as) {
        return request(path).header("Authorization", "Bearer " + as.secret());
    }

    private static BodyPublisher jsonBody(String body) {
        return BodyPublishers.ofString(body);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), BodyHandlers.ofString());
    }
}
