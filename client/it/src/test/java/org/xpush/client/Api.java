package org.xpush.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The server's HTTP API as an app server calls it (README "HTTP API"). */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;
    private final String key;

    Api(String base, String key) {
        this.base = base;
        this.key = key;
    }

    /** Sends a notification ({@code to} is the API's target object, e.g. {@code {"user":"u"}}); returns its id. */
    String send(String toJson, String title, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.set("to", read(toJson));
        body.put("title", title);
        body.put("message", message);
        return send(body);
    }

    String send(ObjectNode body) {
        JsonNode answer = call("POST", "/api/v1/notifications", body.toString(), 202);
        return answer.get("id").asText();
    }

    String sendToUser(String user, String title) {
        return send("{\"user\":\"" + user + "\"}", title, "message of " + title);
    }

    /** The notification's counts: targeted, delivered, acknowledged, failed, expired, pending. */
    JsonNode counts(String id) {
        return call("GET", "/api/v1/notifications/" + id, null, 200).get("counts");
    }

    /** The user as the API shows it (alias, tags, acknowledges, online, sessions), or null if unknown. */
    JsonNode user(String name) {
        HttpResponse<String> r = raw("GET", "/api/v1/users/" + name, null);
        return r.statusCode() == 404 ? null : read(r.body());
    }

    void deleteUser(String name) {
        call("DELETE", "/api/v1/users/" + name, null, 204);
    }

    /** Ends a session (policy-violation), as an administrator would. */
    void kick(String fullJid) {
        call("DELETE", "/api/v1/sessions/" + URLEncoder.encode(fullJid, StandardCharsets.UTF_8), null, 204);
    }

    private JsonNode call(String method, String path, String body, int expected) {
        HttpResponse<String> r = raw(method, path, body);
        if (r.statusCode() != expected) {
            throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body() == null || r.body().isEmpty() ? null : read(r.body());
    }

    private HttpResponse<String> raw(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
