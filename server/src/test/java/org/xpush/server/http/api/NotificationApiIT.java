package org.xpush.server.http.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.apikey.NewApiKey;
import org.xpush.server.testing.ApiClient;
import org.xpush.server.testing.ApiClient.Response;
import org.xpush.server.testing.PushTestClient;
import org.xpush.server.testing.TestServer;

/** The JSON API as an app server uses it: send, status, history, errors, keys, idempotency. */
class NotificationApiIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    static TestServer server;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        api = new ApiClient(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static String user(String name) {
        server.createUser(name, "pw");
        return name;
    }

    @Test
    void sentNotificationReachesTheDeviceAndStatusShowsTheAck() throws Exception {
        String u = user("api-online");
        try (PushTestClient device = PushTestClient.login(server, u, "pw", true)) {
            Response sent = api.post("/api/v1/notifications",
                    "{\"to\":{\"user\":\"" + u + "\"},\"title\":\"Hi\",\"message\":\"from the API\",\"uri\":\"https://x/1\","
                            + "\"data\":{\"k\":\"v\"},\"ttl\":3600,\"priority\":\"high\",\"collapseKey\":\"c\"}");
            assertThat(sent.status()).isEqualTo(202);
            String id = sent.json().get("id").asText();
            await().atMost(WAIT).until(() -> device.receivedIds().contains(id));
            await().atMost(WAIT).until(() -> api.get("/api/v1/notifications/" + id).json().at("/counts/acknowledged").asInt() == 1);
            JsonNode status = api.get("/api/v1/notifications/" + id).json();
            assertThat(status.at("/to/user").asText()).isEqualTo(u);
            assertThat(status.get("title").asText()).isEqualTo("Hi");
            assertThat(status.get("ttl").asInt()).isEqualTo(3600);
            assertThat(status.get("priority").asText()).isEqualTo("high");
            assertThat(status.at("/data/k").asText()).isEqualTo("v");
            assertThat(status.at("/counts/targeted").asInt()).isEqualTo(1);
            assertThat(status.at("/counts/delivered").asInt()).isEqualTo(1);
            assertThat(status.at("/counts/pending").asInt()).isZero();

            String metrics = api.withKey(null).get("/metrics").raw().body();
            assertThat(metrics).contains("xpush_notifications_accepted_total", "xpush_notifications_acknowledged_total",
                    "xpush_delivery_latency_seconds_bucket", "xpush_xmpp_connections", "xpush_devices_online",
                    "xpush_notification_commit_seconds_count", "xpush_notification_commit_size_sum");
        }
    }

    @Test
    void idempotentRetryReturnsTheSameNotification() throws Exception {
        String u = user("api-idem");
        String body = "{\"to\":{\"user\":\"" + u + "\"},\"title\":\"once\"}";
        Response first = api.post("/api/v1/notifications", body, "Idempotency-Key", "order-1234");
        Response retry = api.post("/api/v1/notifications", body, "Idempotency-Key", "order-1234");
        Response other = api.post("/api/v1/notifications", body, "Idempotency-Key", "order-5678");
        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(other.json().get("id").asText()).isNotEqualTo(first.json().get("id").asText());
        try (PushTestClient device = PushTestClient.login(server, u, "pw", true)) {
            await().atMost(WAIT).until(() -> device.received().size() == 2);
        }
    }

    @Test
    void missingOrRevokedKeyIsUnauthorized() throws Exception {
        Response none = api.withKey(null).get("/api/v1/notifications");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(none.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(api.withKey("xp_not-a-key").get("/api/v1/notifications").status()).isEqualTo(401);

        NewApiKey key = server.server().apiKeys().create("temporary");
        ApiClient temp = api.withKey(key.secret());
        assertThat(temp.get("/api/v1/notifications").status()).isEqualTo(200);
        server.server().apiKeys().revoke(key.key().id());
        assertThat(temp.get("/api/v1/notifications").status()).isEqualTo(401);
    }

    @Test
    void badBodiesGetProblemDetailsNamingTheField() throws Exception {
        user("api-bad");
        assertProblem(api.post("/api/v1/notifications", "{\"to\":{\"user\":\"api-bad\"}}"), 400, "title");
        assertProblem(api.post("/api/v1/notifications", "{\"title\":\"x\"}"), 400, "to");
        assertProblem(api.post("/api/v1/notifications", "{\"to\":{\"user\":\"nobody-at-all\"},\"title\":\"x\"}"), 400, "to");
        assertProblem(api.post("/api/v1/notifications", "{\"to\":{\"user\":\"api-bad\"},\"title\":\"x\",\"ttl\":-1}"), 400, "ttl");
        assertProblem(api.post("/api/v1/notifications", "{\"to\":{\"user\":\"api-bad\"},\"title\":\"x\",\"ttl\":99999999}"), 400, "ttl");
        assertProblem(api.post("/api/v1/notifications", "{\"to\":{\"user\":\"api-bad\"},\"title\":\"x\",\"ttl\":\"soon\"}"), 400, "ttl");
        assertProblem(api.post("/api/v1/notifications", "{\"to\":{\"user\":\"api-bad\"},\"title\":\"x\",\"priority\":\"urgent\"}"), 400, "priority");
        assertProblem(api.post("/api/v1/notifications", "{\"to\":{\"planet\":\"mars\"},\"title\":\"x\"}"), 400, "to");
        assertProblem(api.post("/api/v1/notifications", "{\"to\":{\"all\":true},\"title\":\"" + "x".repeat(2000) + "\"}"), 400, "title");
        Response malformed = api.post("/api/v1/notifications", "{\"to\": {\"user\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("detail").asText()).containsIgnoringCase("json");
        Response huge = api.post("/api/v1/notifications", "{\"to\":{\"all\":true},\"title\":\"" + "x".repeat(2_000_000) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(api.get("/api/v1/notifications/does-not-exist").status()).isEqualTo(404);
    }

    private static void assertProblem(Response r, int status, String field) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("detail").asText()).isNotBlank();
        JsonNode errors = r.json().get("errors");
        assertThat(errors).as("field errors in %s", r.raw().body()).isNotNull();
        boolean named = false;
        for (JsonNode e : errors) named |= e.get("field").asText().startsWith(field);
        assertThat(named).as("an error names %s: %s", field, r.raw().body()).isTrue();
    }

    @Test
    void historyPagesNewestFirst() throws Exception {
        String u = user("api-history");
        for (int i = 0; i < 5; i++) {
            api.post("/api/v1/notifications", "{\"to\":{\"user\":\"" + u + "\"},\"title\":\"h" + i + "\"}");
        }
        JsonNode page1 = api.get("/api/v1/notifications?limit=3").json();
        assertThat(page1.get("items")).hasSize(3);
        assertThat(page1.get("items").get(0).get("title").asText()).isEqualTo("h4");
        JsonNode page2 = api.get("/api/v1/notifications?limit=3&before=" + page1.get("next").asText()).json();
        assertThat(page2.get("items").get(0).get("title").asText()).isEqualTo("h1");
        assertThat(api.get("/api/v1/notifications?limit=0").status()).isEqualTo(400);
    }

    @Test
    void usersAliasesTagsAndSessionsThroughTheApi() throws Exception {
        String u = user("api-device");
        try (PushTestClient device = PushTestClient.login(server, u, "pw", true)) {
            await().atMost(WAIT).until(() -> server.server().notifications().isOnline(u));
            assertThat(api.put("/api/v1/users/" + u + "/alias", "{\"alias\":\"customer-9\"}").status()).isEqualTo(200);
            JsonNode tagged = api.put("/api/v1/users/" + u + "/tags", "{\"tags\":[\"b\",\"a\"]}").json();
            assertThat(tagged.get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
            JsonNode view = api.get("/api/v1/users/" + u).json();
            assertThat(view.get("alias").asText()).isEqualTo("customer-9");
            assertThat(view.get("online").asBoolean()).isTrue();
            assertThat(view.at("/sessions/0/jid").asText()).isEqualTo(u + "@localhost/device");
            assertThat(view.at("/sessions/0/secure").asBoolean()).isTrue();

            String viaAlias = api.post("/api/v1/notifications", "{\"to\":{\"alias\":\"customer-9\"},\"title\":\"a\"}").json().get("id").asText();
            String viaTag = api.post("/api/v1/notifications", "{\"to\":{\"tag\":\"b\"},\"title\":\"t\"}").json().get("id").asText();
            await().atMost(WAIT).until(() -> device.receivedIds().containsAll(java.util.List.of(viaAlias, viaTag)));

            assertThat(api.get("/api/v1/users?prefix=api-dev").json().get("items").toString()).contains(u);
            assertThat(api.get("/api/v1/sessions").json().get("items").toString()).contains(u + "@localhost/device");
            assertThat(api.delete("/api/v1/sessions/" + u + "@localhost%2Fdevice").status()).isEqualTo(204);
            await().atMost(WAIT).until(() -> !device.connection().isConnected());
        }
        assertThat(api.put("/api/v1/users/" + u + "/tags", "{\"tags\":[\"\"]}").status()).isEqualTo(400);
        assertThat(api.delete("/api/v1/users/" + u).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/users/" + u).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/users/" + u).status()).isEqualTo(404);
    }
}
