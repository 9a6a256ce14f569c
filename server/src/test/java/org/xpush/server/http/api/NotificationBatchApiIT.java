package org.xpush.server.http.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.testing.ApiClient;
import org.xpush.server.testing.ApiClient.Response;
import org.xpush.server.testing.PushTestClient;
import org.xpush.server.testing.TestServer;

/** {@code POST /api/v1/notifications/batch}: many notifications in one request, stored all or none. */
class NotificationBatchApiIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String BATCH = "/api/v1/notifications/batch";

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

    private static String toUser(String user, String title) {
        return "{\"to\":{\"user\":\"" + user + "\"},\"title\":\"" + title + "\"}";
    }

    private static String batch(String... notifications) {
        return "{\"notifications\":[" + String.join(",", notifications) + "]}";
    }

    private static List<String> ids(Response r) {
        List<String> ids = new ArrayList<>();
        r.json().get("ids").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static int historySize() throws Exception {
        return api.get("/api/v1/notifications?limit=500").json().get("items").size();
    }

    @Test
    void eachNotificationOfABatchReachesItsDeviceInOrder() throws Exception {
        String a = user("batch-a");
        String b = user("batch-b");
        String offline = user("batch-offline");
        try (PushTestClient da = PushTestClient.login(server, a, "pw", true);
             PushTestClient db = PushTestClient.login(server, b, "pw", true)) {
            Response sent = api.post(BATCH, batch(toUser(a, "a1"), toUser(b, "b1"), toUser(offline, "o1"), toUser(a, "a2"),
                    "{\"to\":{\"users\":[\"" + a + "\",\"" + b + "\"]},\"message\":\"both\"}"));

            assertThat(sent.status()).as(sent.raw().body()).isEqualTo(202);
            List<String> ids = ids(sent);
            assertThat(ids).hasSize(5).doesNotHaveDuplicates();
            await().atMost(WAIT).until(() -> da.receivedIds().size() == 3 && db.receivedIds().size() == 2);
            assertThat(da.receivedIds()).containsExactly(ids.get(0), ids.get(3), ids.get(4));
            assertThat(db.receivedIds()).containsExactly(ids.get(1), ids.get(4));
            JsonNode third = api.get("/api/v1/notifications/" + ids.get(2)).json();
            assertThat(third.get("title").asText()).isEqualTo("o1");
            assertThat(third.at("/counts/pending").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aRetriedBatchWithTheSameIdempotencyKeyStoresNothingNew() throws Exception {
        String u = user("batch-idem");
        String body = batch(toUser(u, "one"), toUser(u, "two"));
        Response first = api.post(BATCH, body, "Idempotency-Key", "nightly-42");
        int stored = historySize();
        Response retry = api.post(BATCH, body, "Idempotency-Key", "nightly-42");
        Response other = api.post(BATCH, body, "Idempotency-Key", "nightly-43");

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(ids(retry)).isEqualTo(ids(first));
        assertThat(ids(other)).doesNotContainAnyElementsOf(ids(first));
        assertThat(historySize()).isEqualTo(stored + 2);
    }

    @Test
    void oneBadNotificationRefusesTheWholeBatchNamingItsIndex() throws Exception {
        String u = user("batch-bad");
        int before = historySize();

        assertProblem(api.post(BATCH, batch(toUser(u, "fine"), "{\"to\":{\"user\":\"" + u + "\"}}")),
                "notifications[1].title");
        assertProblem(api.post(BATCH, batch(toUser(u, "fine"), toUser(u, "fine"), toUser("batch-nobody", "x"))),
                "notifications[2].to");
        assertProblem(api.post(BATCH, batch(toUser(u, "fine"), "{\"to\":{\"user\":\"" + u + "\"},\"title\":\"x\",\"ttl\":\"soon\"}")),
                "notifications[1].ttl");
        assertProblem(api.post(BATCH, batch()), "notifications");
        assertProblem(api.post(BATCH, "{}"), "notifications");
        assertProblem(api.post(BATCH, batch(Collections.nCopies(501, toUser(u, "x")).toArray(String[]::new))),
                "notifications");
        assertThat(api.post(BATCH, "{\"notifications\":[").status()).isEqualTo(400);
        Response longKey = api.post(BATCH, batch(toUser(u, "x")), "Idempotency-Key", "k".repeat(241));
        assertThat(longKey.status()).isEqualTo(400);

        assertThat(historySize()).as("nothing of a refused batch is stored").isEqualTo(before);
    }

    private static void assertProblem(Response r, String field) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(400);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        r.json().path("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).as(r.raw().body()).contains(field);
    }
}
