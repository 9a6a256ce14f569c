package org.xpush.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Receiving: every field, the acknowledgement, redelivery of what the app refused, duplicates across a restart. */
class DeliveryIT extends SharedServerTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Device connected(Device d) {
        d.start();
        await().atMost(WAIT).until(d.client::isConnected);
        return d;
    }

    @Test
    void notificationArrivesWithEveryFieldAndIsAcknowledged() {
        try (Device d = connected(new Device(server, state))) {
            ObjectNode body = Api.JSON.createObjectNode();
            body.putObject("to").put("user", d.client.username());
            body.put("title", "Hello").put("message", "You have mail").put("uri", "https://example.com/inbox/42")
                    .put("ttl", 86400).put("priority", "high").put("collapseKey", "inbox");
            body.putObject("data").put("count", "3").put("folder", "inbox");
            Instant before = Instant.now().minusSeconds(1);
            String id = server.api().send(body);

            await().atMost(WAIT).until(() -> d.received.size() == 1);
            Notification n = d.received.get(0);
            assertThat(n.id()).isEqualTo(id);
            assertThat(n.title()).isEqualTo("Hello");
            assertThat(n.message()).isEqualTo("You have mail");
            assertThat(n.uri()).isEqualTo("https://example.com/inbox/42");
            assertThat(n.data()).containsEntry("count", "3").containsEntry("folder", "inbox").hasSize(2);
            assertThat(n.priority()).isEqualTo(Notification.Priority.HIGH);
            assertThat(n.ttl()).isEqualTo(Duration.ofDays(1));
            assertThat(n.collapseKey()).isEqualTo("inbox");
            assertThat(n.sent()).isBetween(before, Instant.now().plusSeconds(1));
            assertThat(n.apiKey()).isNotEmpty();

            await().atMost(WAIT).until(() -> server.api().counts(id).get("acknowledged").asInt() == 1);
            assertThat(server.api().counts(id).get("pending").asInt()).isZero();
        }
    }

    @Test
    void notificationTheListenerRefusesComesAgainAfterReconnecting() {
        try (Device d = connected(new Device(server, state))) {
            AtomicInteger offered = new AtomicInteger();
            d.before = n -> {
                if (offered.incrementAndGet() == 1) throw new IllegalStateException("the app cannot take it yet");
            };
            String user = d.client.username();
            String id = server.api().sendToUser(user, "refused once");
            await().atMost(WAIT).until(() -> offered.get() == 1);
            assertThat(d.received).isEmpty();
            assertThat(server.api().counts(id).get("acknowledged").asInt()).isZero();
            assertThat(server.api().counts(id).get("pending").asInt()).isEqualTo(1);

            // the server ends the session (no resumption): the client logs in anew and gets its backlog
            server.api().kick(user + "@localhost/xpush");
            await().atMost(WAIT).until(() -> d.received.size() == 1);
            assertThat(d.receivedIds()).containsExactly(id);
            assertThat(offered.get()).isEqualTo(2);
            await().atMost(WAIT).until(() -> server.api().counts(id).get("acknowledged").asInt() == 1);
            assertThat(d.count("authenticated")).isEqualTo(2);
        }
    }

    @Test
    void notificationRedeliveredAfterTheAckWasLostIsNotShownTwiceEvenAfterARestart() throws Exception {
        String id;
        String user;
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Device d = connected(new Device(server, state))) {
            user = d.client.username();
            d.before = n -> {
                inListener.countDown();
                release.await(30, TimeUnit.SECONDS); // the app is slow; the device goes away meanwhile
            };
            id = server.api().sendToUser(user, "shown once");
            assertThat(inListener.await(20, TimeUnit.SECONDS)).isTrue();
            d.client.stop(); // the listener returns after the connection is gone: its acknowledgement is lost
            release.countDown();
            await().atMost(WAIT).until(() -> d.received.size() == 1);
        }
        Path ids = state.resolve("received-ids");
        await().atMost(WAIT).until(() -> Files.exists(ids) && Files.readAllLines(ids).contains(id));
        assertThat(server.api().counts(id).get("acknowledged").asInt()).isZero();

        try (Device again = connected(new Device(server, state))) {
            assertThat(again.client.username()).isEqualTo(user);
            // the server redelivers it at this login; the client acknowledges it without showing it again
            await().atMost(WAIT).until(() -> server.api().counts(id).get("acknowledged").asInt() == 1);
            String next = server.api().sendToUser(user, "a new one");
            await().atMost(WAIT).until(() -> again.receivedIds().contains(next));
            assertThat(again.receivedIds()).containsExactly(next);
        }
    }
}
