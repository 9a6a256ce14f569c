package org.xpush.server.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.config.Setting;
import org.xpush.server.testing.PushTestClient;
import org.xpush.server.testing.PushTestClient.Answer;
import org.xpush.server.testing.TestServer;

/** Store-and-forward delivery with real Smack devices: online, offline, redelivery, TTL, collapse, order. */
class NotificationDeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, c -> c.set(Setting.EXPIRY_SWEEP_INTERVAL, "200ms"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static Notification send(NotificationRequest r) {
        return server.server().notifications().accept(r, null, null).notification();
    }

    static NotificationRequest toUser(String user, String title) {
        return new NotificationRequest(new Target.User(user), title, "message of " + title, "https://example.com/" + title,
                Map.of(), null, null, null);
    }

    static DeliveryCounts counts(Notification n) {
        return server.server().notifications().status(n.id()).orElseThrow().counts();
    }

    private static String user(String name) {
        server.createUser(name, "pw");
        return name;
    }

    @Test
    void onlineDeviceReceivesAndAcknowledges() throws Exception {
        String u = user("online1");
        try (PushTestClient device = PushTestClient.login(server, u, "pw", true)) {
            Notification n = send(new NotificationRequest(new Target.User(u), "Hello", "World", "https://x/1",
                    Map.of("k", "v", "ü", "😀"), null, Priority.HIGH, null));
            await().atMost(WAIT).until(() -> device.receivedIds().contains(n.id()));
            PushTestClient.Received r = device.received().get(0);
            assertThat(r.title()).isEqualTo("Hello");
            assertThat(r.message()).isEqualTo("World");
            assertThat(r.uri()).isEqualTo("https://x/1");
            assertThat(r.data()).containsEntry("k", "v").containsEntry("ü", "😀");
            await().atMost(WAIT).until(() -> counts(n).acknowledged() == 1);
            assertThat(counts(n)).isEqualTo(new DeliveryCounts(1, 1, 1, 0, 0, 0));
        }
    }

    @Test
    void offlineDeviceGetsNotificationAtNextLogin() throws Exception {
        String u = user("offline1");
        Notification n = send(toUser(u, "while-offline"));
        assertThat(counts(n)).isEqualTo(new DeliveryCounts(1, 0, 0, 0, 0, 1));
        try (PushTestClient device = PushTestClient.login(server, u, "pw", true)) {
            await().atMost(WAIT).until(() -> device.receivedIds().contains(n.id()));
            await().atMost(WAIT).until(() -> counts(n).acknowledged() == 1);
        }
    }

    @Test
    void unacknowledgedIsRedeliveredAfterReconnectButNotAfterAck() throws Exception {
        String u = user("redeliver1");
        Notification n;
        try (PushTestClient device = PushTestClient.login(server, u, "pw", true)) {
            device.answer(Answer.SILENT); // the app crashed before acknowledging
            n = send(toUser(u, "needs-ack"));
            await().atMost(WAIT).until(() -> device.receivedIds().contains(n.id()));
            device.cut();
        }
        assertThat(counts(n).acknowledged()).isZero();
        try (PushTestClient device = PushTestClient.login(server, u, "pw", true)) {
            await().atMost(WAIT).until(() -> device.receivedIds().contains(n.id()));
            await().atMost(WAIT).until(() -> counts(n).acknowledged() == 1);
        }
        try (PushTestClient device = PushTestClient.login(server, u, "pw", true)) {
            Notification marker = send(toUser(u, "marker"));
            await().atMost(WAIT).until(() -> device.receivedIds().contains(marker.id()));
            assertThat(device.receivedIds()).doesNotContain(n.id());
        }
    }

    @Test
    void errorAnswerCountsAsFailedAndIsNotRedelivered() throws Exception {
        String u = user("failing1");
        Notification n;
        try (PushTestClient device = PushTestClient.login(server, u, "pw", true)) {
            device.answer(Answer.ERROR);
            n = send(toUser(u, "rejected"));
            await().atMost(WAIT).until(() -> counts(n).failed() == 1);
        }
        assertThat(counts(n)).isEqualTo(new DeliveryCounts(1, 1, 0, 1, 0, 0));
        try (PushTestClient device = PushTestClient.login(server, u, "pw", true)) {
            Notification marker = send(toUser(u, "marker"));
            await().atMost(WAIT).until(() -> device.receivedIds().contains(marker.id()));
            assertThat(device.receivedIds()).doesNotContain(n.id());
        }
    }

    @Test
    void backlogArrivesInTheOrderItWasSent() throws Exception {
        String u = user("order1");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) ids.add(send(toUser(u, "n" + i)).id());
        try (PushTestClient device = PushTestClient.login(server, u, "pw", true)) {
            await().atMost(WAIT).until(() -> device.received().size() >= 20);
            assertThat(device.receivedIds()).containsExactlyElementsOf(ids);
        }
    }

    @Test
    void expiredNotificationIsNotDelivered() throws Exception {
        String u = user("ttl1");
        Notification n = send(new NotificationRequest(new Target.User(u), "short", "lived", null, Map.of(),
                Duration.ofSeconds(1), null, null));
        await().atMost(WAIT).until(() -> counts(n).expired() == 1);
        try (PushTestClient device = PushTestClient.login(server, u, "pw", true)) {
            Notification marker = send(toUser(u, "marker"));
            await().atMost(WAIT).until(() -> device.receivedIds().contains(marker.id()));
            assertThat(device.receivedIds()).doesNotContain(n.id());
        }
        assertThat(counts(n)).isEqualTo(new DeliveryCounts(1, 0, 0, 0, 1, 0));
    }

    @Test
    void ttlZeroReachesOnlyDevicesOnlineNow() throws Exception {
        String on = user("ttl0on");
        String off = user("ttl0off");
        try (PushTestClient online = PushTestClient.login(server, on, "pw", true)) {
            await().atMost(WAIT).until(() -> server.server().notifications().isOnline(on));
            Notification n = send(new NotificationRequest(new Target.Users(List.of(on, off)), "now", "or never", null,
                    Map.of(), Duration.ZERO, null, null));
            await().atMost(WAIT).until(() -> online.receivedIds().contains(n.id()));
            try (PushTestClient later = PushTestClient.login(server, off, "pw", true)) {
                Notification marker = send(toUser(off, "marker"));
                await().atMost(WAIT).until(() -> later.receivedIds().contains(marker.id()));
                assertThat(later.receivedIds()).doesNotContain(n.id());
            }
            await().atMost(WAIT).until(() -> counts(n).equals(new DeliveryCounts(2, 1, 1, 0, 1, 0)));
        }
    }

    @Test
    void aSweepRightAfterATtlZeroNotificationLeavesItsAckCounted() throws Exception {
        String u = user("ttl0sweep");
        try (PushTestClient device = PushTestClient.login(server, u, "pw", true)) {
            await().atMost(WAIT).until(() -> server.server().notifications().isOnline(u));
            // the notification expired when it was sent (ttl 0); a sweep runs after the device read it and before
            // its ack left: the ack must still count
            device.beforeAnswer(() -> server.server().notifications().sweep(Duration.ofDays(1)));
            Notification n = send(new NotificationRequest(new Target.User(u), "now", "or never", null, Map.of(),
                    Duration.ZERO, null, null));
            await().atMost(WAIT).until(() -> device.receivedIds().contains(n.id()));
            await().atMost(WAIT).until(() -> counts(n).equals(new DeliveryCounts(1, 1, 1, 0, 0, 0)));
        }
    }

    @Test
    void newerNotificationWithTheSameCollapseKeyReplacesTheUndeliveredOne() throws Exception {
        String u = user("collapse1");
        Notification first = send(new NotificationRequest(new Target.User(u), "score 1:0", null, null, Map.of(), null,
                null, "score"));
        Notification second = send(new NotificationRequest(new Target.User(u), "score 2:0", null, null, Map.of(), null,
                null, "score"));
        Notification other = send(new NotificationRequest(new Target.User(u), "other", null, null, Map.of(), null,
                null, "other-key"));
        try (PushTestClient device = PushTestClient.login(server, u, "pw", true)) {
            await().atMost(WAIT).until(() -> device.receivedIds().containsAll(List.of(second.id(), other.id())));
            assertThat(device.receivedIds()).doesNotContain(first.id());
        }
        assertThat(counts(first).expired()).isEqualTo(1);
    }
}
