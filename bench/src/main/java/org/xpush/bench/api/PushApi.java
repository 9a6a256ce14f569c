package org.xpush.bench.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The part of xpush's HTTP API that the scenarios use ({@code POST /api/v1/notifications},
 * {@code GET /api/v1/notifications/{id}}, {@code GET /metrics}), on {@link HttpClient} with HTTP/1.1 keep-alive:
 * the client keeps one connection per concurrent request and reuses it. Thread-safe.
 */
public final class PushApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** An answer: status and body. */
    public record Response(int status, String body) {
        public boolean accepted() {
            return status == 202;
        }

        /** The {@code ids} of a 202 answer to a batch, in request order, or an empty list. */
        public List<String> ids() {
            if (!accepted()) return List.of();
            try {
                JsonNode ids = JSON.readTree(body).get("ids");
                if (ids == null) return List.of();
                List<String> out = new java.util.ArrayList<>(ids.size());
                ids.forEach(n -> out.add(n.asText()));
                return out;
            } catch (IOException e) {
                return List.of();
            }
        }

        /** The {@code id} of a 202 answer, or null. */
        public String id() {
            if (!accepted()) return null;
            try {
                JsonNode id = JSON.readTree(body).get("id");
                return id == null ? null : id.asText();
            } catch (IOException e) {
                return null;
            }
        }
    }

    private final URI base;
    private final String authorization;
    private final HttpClient http;

    /** @param executor runs the client's response handling (and async completions) */
    public PushApi(URI base, String apiKey, Executor executor) {
        this.base = base;
        this.authorization = "Bearer " + apiKey;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(executor)
                .build();
    }

    /** The JSON body of a notification to one user. The name must not need JSON escaping (benchmark accounts don't). */
    public static String toUser(String user, String title) {
        return "{\"to\":{\"user\":\"" + user + "\"},\"title\":\"" + title + "\",\"message\":\"benchmark\"}";
    }

    /** The JSON body of a notification to several users (names as in {@link #toUser}). */
    public static String toUsers(List<String> users, String title) {
        StringBuilder sb = new StringBuilder(32 + users.size() * 20).append("{\"to\":{\"users\":[");
        for (int i = 0; i < users.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append('"').append(users.get(i)).append('"');
        }
        return sb.append("]},\"title\":\"").append(title).append("\",\"message\":\"benchmark\"}").toString();
    }

    /** The JSON body of a broadcast. */
    public static String toAll(String title) {
        return "{\"to\":{\"all\":true},\"title\":\"" + title + "\",\"message\":\"benchmark\"}";
    }

    /** Sends a notification and waits for the answer. */
    public Response send(String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(post(json), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    /** Sends several notifications (bodies as from {@link #toUser}) in one {@code POST /api/v1/notifications/batch}. */
    public Response sendBatch(List<String> bodies) throws IOException, InterruptedException {
        String json = "{\"notifications\":[" + String.join(",", bodies) + "]}";
        HttpResponse<String> r = http.send(post("/api/v1/notifications/batch", json), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    /** As {@link #sendBatch}, asynchronously: the future completes with the answer (or the I/O failure). */
    public CompletableFuture<Response> sendBatchAsync(List<String> bodies) {
        String json = "{\"notifications\":[" + String.join(",", bodies) + "]}";
        return http.sendAsync(post("/api/v1/notifications/batch", json), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Response(r.statusCode(), r.body()));
    }

    /** Sends a notification; the future completes with the answer (or the I/O failure). */
    public CompletableFuture<Response> sendAsync(String json) {
        return http.sendAsync(post(json), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Response(r.statusCode(), r.body()));
    }

    /** {@code GET /api/v1/notifications/{id}}: the notification with its {@code counts}. */
    public JsonNode status(String id) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/v1/notifications/" + id))
                .timeout(REQUEST_TIMEOUT).header("Authorization", authorization).GET().build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("status of " + id + ": HTTP " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    /** The value of a gauge or counter without labels on {@code /metrics}, or NaN when absent. */
    public double metric(String name) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/metrics")).timeout(REQUEST_TIMEOUT).GET().build();
        String text = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
        }
        return Double.NaN;
    }

    private HttpRequest post(String json) {
        return post("/api/v1/notifications", json);
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }
}
