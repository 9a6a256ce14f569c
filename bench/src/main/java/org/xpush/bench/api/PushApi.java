package org.xpush.bench.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The part of xpush's HTTP API that the scenarios use ({@code POST /api/v1/notifications},
 * {@code GET /api/v1/notifications/{id}}, {@code GET /metrics}), over HTTP/1.1 keep-alive connections
 * ({@link HttpLink}: one per concurrent request, reused). Thread-safe; {@link #close} ends its connections.
 */
public final class PushApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long REQUEST_TIMEOUT_MILLIS = 30_000;

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

    private final String authorization;
    private final HttpLink http;

    public PushApi(URI base, String apiKey) {
        this.authorization = "Bearer " + apiKey;
        this.http = new HttpLink(base, REQUEST_TIMEOUT_MILLIS);
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
        return await(sendAsync(json));
    }

    /** Sends several notifications (bodies as from {@link #toUser}) in one {@code POST /api/v1/notifications/batch}. */
    public Response sendBatch(List<String> bodies) throws IOException, InterruptedException {
        return await(sendBatchAsync(bodies));
    }

    /**
     * As {@link #sendBatch}, asynchronously: the future completes with the answer (or the I/O failure), on the
     * client's event-loop thread; what the caller chains to it must be short and must not block.
     */
    public CompletableFuture<Response> sendBatchAsync(List<String> bodies) {
        String json = "{\"notifications\":[" + String.join(",", bodies) + "]}";
        return request(HttpMethod.POST, "/api/v1/notifications/batch", json);
    }

    /** Sends a notification; the future completes as for {@link #sendBatchAsync}. */
    public CompletableFuture<Response> sendAsync(String json) {
        return request(HttpMethod.POST, "/api/v1/notifications", json);
    }

    /**
     * Fails unless the server accepts the API key: one authenticated {@code GET} of a notification that does not
     * exist, which is a 404 when the key is good. Without it, a refused key shows only as a run of errors. The
     * common cause: a server started on a database that an earlier run used keeps that run's API key and does
     * not create this one's (it creates a first key only where there is none).
     *
     * @throws IllegalStateException when the server answers 401 or 403
     */
    public void requireKeyAccepted() throws IOException, InterruptedException {
        Response r = await(request(HttpMethod.GET, "/api/v1/notifications/xpush-bench-key-check", null));
        if (r.status() == 401 || r.status() == 403) {
            throw new IllegalStateException("the server refused the API key (HTTP " + r.status() + "). With --api, "
                    + "check --api-key. A server the benchmark starts creates the key only in a database without "
                    + "keys: give each run an empty database (--server-arg=--db-url=…)");
        }
    }

    /** {@code GET /api/v1/notifications/{id}}: the notification with its {@code counts}. */
    public JsonNode status(String id) throws IOException, InterruptedException {
        Response r = await(request(HttpMethod.GET, "/api/v1/notifications/" + id, null));
        if (r.status() != 200) throw new IOException("status of " + id + ": HTTP " + r.status() + " " + r.body());
        return JSON.readTree(r.body());
    }

    /** The value of a gauge or counter without labels on {@code /metrics}, or NaN when absent. */
    public double metric(String name) throws IOException, InterruptedException {
        return metrics(name)[0];
    }

    /** {@link #metric} of each name, from one reading of {@code /metrics}. */
    public double[] metrics(String... names) throws IOException, InterruptedException {
        String text = await(http.send(HttpMethod.GET, "/metrics", null, null)
                .thenApply(a -> new Response(a.status(), a.body()))).body();
        double[] values = new double[names.length];
        Arrays.fill(values, Double.NaN);
        for (String line : text.split("\n")) {
            for (int i = 0; i < names.length; i++) {
                if (line.startsWith(names[i] + " ")) values[i] = Double.parseDouble(line.substring(names[i].length() + 1).trim());
            }
        }
        return values;
    }

    private CompletableFuture<Response> request(HttpMethod method, String path, String json) {
        return http.send(method, path, authorization, json).thenApply(a -> new Response(a.status(), a.body()));
    }

    private static Response await(CompletableFuture<Response> answer) throws IOException, InterruptedException {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(false);
            throw e;
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
