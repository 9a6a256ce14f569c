package org.xpush.server.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.testing.PushTestClient;
import org.xpush.server.testing.TestServer;

/** Broadcast, alias and tag targeting with real devices; aliases and tags set by the devices themselves. */
class TargetingIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private static NotificationRequest to(Target target, String title) {
        return new NotificationRequest(target, title, "body", null, Map.of(), null, null, null);
    }

    private static PushTestClient online(TestServer server, String user) throws Exception {
        server.createUser(user, "pw");
        PushTestClient c = PushTestClient.login(server, user, "pw", true);
        await().atMost(WAIT).until(() -> server.server().notifications().isOnline(user));
        return c;
    }

    @Test
    void broadcastReachesEveryDeviceOnlineOrLater() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            server.createUser("later", "pw");
            try (PushTestClient a = online(server, "a"); PushTestClient b = online(server, "b");
                    PushTestClient c = online(server, "c")) {
                NotificationManager nm = server.server().notifications();
                Notification n = nm.accept(to(new Target.All(), "everyone"), null, null).notification();
                assertThat(n.targeted()).isEqualTo(4);
                for (PushTestClient d : List.of(a, b, c)) {
                    await().atMost(WAIT).until(() -> d.receivedIds().contains(n.id()));
                }
                server.createUser("newcomer", "pw"); // registered after the broadcast: not targeted
                try (PushTestClient later = PushTestClient.login(server, "later", "pw", true);
                        PushTestClient newcomer = PushTestClient.login(server, "newcomer", "pw", true)) {
                    await().atMost(WAIT).until(() -> later.receivedIds().contains(n.id()));
                    Notification marker = nm.accept(to(new Target.User("newcomer"), "marker"), null, null).notification();
                    await().atMost(WAIT).until(() -> newcomer.receivedIds().contains(marker.id()));
                    assertThat(newcomer.receivedIds()).doesNotContain(n.id());
                }
                await().atMost(WAIT).until(() -> nm.status(n.id()).orElseThrow().counts()
                        .equals(new DeliveryCounts(4, 4, 4, 0, 0, 0)));
            }
        }
    }

    @Test
    void broadcastIsNotRedeliveredAfterItWasAcknowledged() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            NotificationManager nm = server.server().notifications();
            Notification n;
            try (PushTestClient a = online(server, "a")) {
                n = nm.accept(to(new Target.All(), "once"), null, null).notification();
                await().atMost(WAIT).until(() -> nm.status(n.id()).orElseThrow().counts().acknowledged() == 1);
            }
            try (PushTestClient a = PushTestClient.login(server, "a", "pw", true)) {
                Notification marker = nm.accept(to(new Target.User("a"), "marker"), null, null).notification();
                await().atMost(WAIT).until(() -> a.receivedIds().contains(marker.id()));
                assertThat(a.receivedIds()).doesNotContain(n.id());
            }
        }
    }

    @Test
    void aliasReachesEveryDeviceSharingIt() throws Exception {
        try (TestServer server = TestServer.start(dir);
                PushTestClient phone = online(server, "phone");
                PushTestClient tablet = online(server, "tablet");
                PushTestClient stranger = online(server, "stranger")) {
            phone.deviceIq(false, "<alias>user-42</alias>");
            tablet.deviceIq(false, "<alias>user-42</alias>");
            stranger.deviceIq(false, "<alias>user-7</alias>");
            NotificationManager nm = server.server().notifications();
            Notification n = nm.accept(to(new Target.Alias("user-42"), "for 42"), null, null).notification();
            assertThat(n.targeted()).isEqualTo(2);
            await().atMost(WAIT).until(() -> phone.receivedIds().contains(n.id()) && tablet.receivedIds().contains(n.id()));
            Notification marker = nm.accept(to(new Target.User("stranger"), "marker"), null, null).notification();
            await().atMost(WAIT).until(() -> stranger.receivedIds().contains(marker.id()));
            assertThat(stranger.receivedIds()).doesNotContain(n.id());
        }
    }

    @Test
    void tagReachesSubscribersOnlyAsTheirTagsAreNow() throws Exception {
        try (TestServer server = TestServer.start(dir);
                PushTestClient fan = online(server, "fan");
                PushTestClient reader = online(server, "reader")) {
            fan.deviceIq(false, "<tags><tag>sport</tag><tag>news</tag></tags>");
            reader.deviceIq(false, "<tags><tag>news</tag></tags>");
            NotificationManager nm = server.server().notifications();
            Notification sport = nm.accept(to(new Target.Tag("sport"), "goal"), null, null).notification();
            assertThat(sport.targeted()).isEqualTo(1);
            Notification news = nm.accept(to(new Target.Tag("news"), "headline"), null, null).notification();
            await().atMost(WAIT).until(() -> fan.receivedIds().containsAll(List.of(sport.id(), news.id())));
            await().atMost(WAIT).until(() -> reader.receivedIds().contains(news.id()));
            assertThat(reader.receivedIds()).doesNotContain(sport.id());

            reader.deviceIq(false, "<tags action='add'><tag>sport</tag></tags>");
            fan.deviceIq(false, "<tags action='remove'><tag>sport</tag></tags>");
            Notification second = nm.accept(to(new Target.Tag("sport"), "second goal"), null, null).notification();
            await().atMost(WAIT).until(() -> reader.receivedIds().contains(second.id()));
            Notification marker = nm.accept(to(new Target.User("fan"), "marker"), null, null).notification();
            await().atMost(WAIT).until(() -> fan.receivedIds().contains(marker.id()));
            assertThat(fan.receivedIds()).doesNotContain(second.id());
            assertThat(server.server().devices().device("reader").orElseThrow().tags()).containsExactlyInAnyOrder("news", "sport");
        }
    }

    @Test
    void badDeviceIqIsNotAcceptable() throws Exception {
        try (TestServer server = TestServer.start(dir); PushTestClient d = online(server, "d")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.deviceIq(false, "<tags action='shuffle'><tag>x</tag></tags>"))
                    .isInstanceOfSatisfying(org.jivesoftware.smack.XMPPException.XMPPErrorException.class, e ->
                            assertThat(e.getStanzaError().getCondition())
                                    .isEqualTo(org.jivesoftware.smack.packet.StanzaError.Condition.not_acceptable));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.deviceIq(false, "<alias>" + "x".repeat(300) + "</alias>"))
                    .isInstanceOf(org.jivesoftware.smack.XMPPException.XMPPErrorException.class);
        }
    }
}
