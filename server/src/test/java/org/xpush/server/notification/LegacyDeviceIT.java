package org.xpush.server.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.testing.RawXmppClient;
import org.xpush.server.testing.TestServer;

/**
 * A stock androidpn 0.5 client, byte for byte in substance (ANDROIDPN.md): it registers a UUID account, logs in
 * with XEP-0078, sends presence, and never answers notification IQs. Its notifications count as delivered once
 * written, and are not redelivered.
 */
class LegacyDeviceIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private static String uuid() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The androidpn sequence up to initial presence; registers first when {@code register}. */
    private static RawXmppClient androidpn(TestServer server, String user, String password, boolean register) throws Exception {
        RawXmppClient c = new RawXmppClient(server.xmppPort());
        c.send(RawXmppClient.HEADER).readUntil("</stream:features>");
        c.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        c.readUntil("<proceed");
        c.startTls(server.clientSslContext());
        c.send(RawXmppClient.HEADER).readUntil("</stream:features>");
        if (register) {
            c.clear();
            c.send("<iq id='reg' type='set'><query xmlns='jabber:iq:register'><username>" + user + "</username><password>"
                    + password + "</password></query></iq>");
            assertThat(c.readUntil("id='reg'")).contains("type='result'");
        }
        c.clear();
        c.send("<iq id='auth' type='set'><query xmlns='jabber:iq:auth'><username>" + user + "</username><password>"
                + password + "</password><resource>AndroidpnClient</resource></query></iq>");
        assertThat(c.readUntil("id='auth'")).contains("type='result'");
        c.send("<iq id='roster' type='get'><query xmlns='jabber:iq:roster'/></iq>");
        c.readUntil("id='roster'");
        c.clear();
        c.send("<presence/>");
        await().atMost(WAIT).until(() -> server.server().notifications().isOnline(user));
        return c;
    }

    @Test
    void longBacklogReachesALegacyDeviceExactlyOnceInOrder() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            String user = uuid();
            String password = uuid();
            server.createUser(user, password);
            NotificationManager nm = server.server().notifications();
            int count = 2 * NotificationManager.PAGE + 100; // several backlog pages
            java.util.List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add(nm.accept(new NotificationRequest(new Target.User(user), "n" + i, "m", null, Map.of(), null,
                        null, null), null, null).notification().id());
            }
            try (RawXmppClient c = androidpn(server, user, password, false)) {
                String got = c.readUntil("<id>" + ids.get(count - 1) + "</id>");
                java.util.List<String> seen = new java.util.ArrayList<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("<id>([^<]+)</id>").matcher(got);
                while (m.find()) seen.add(m.group(1));
                assertThat(seen).containsExactlyElementsOf(ids);
            }
        }
    }

    @Test
    void androidpnClientReceivesNotificationsWithoutAnsweringThem() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            String user = uuid();
            String password = uuid();
            NotificationManager nm = server.server().notifications();
            Notification n;
            try (RawXmppClient c = androidpn(server, user, password, true)) {
                n = nm.accept(new NotificationRequest(new Target.User(user), "Title", "Message", "https://example.com/x",
                        Map.of("k", "v"), null, null, null), "key-1", null).notification();
                String iq = c.readUntil("</iq>");
                assertThat(iq).contains("type='set'", "id='" + n.id() + "'", "to='" + user + "@localhost/AndroidpnClient'",
                        "<notification xmlns='androidpn:iq:notification'>", "<id>" + n.id() + "</id>",
                        "<apiKey>key-1</apiKey>", "<title>Title</title>", "<message>Message</message>",
                        "<uri>https://example.com/x</uri>", "<entry key='k'>v</entry>");
                // the extras must not reuse the names an androidpn client reads at any depth
                String extras = iq.substring(iq.indexOf("</uri>"));
                assertThat(extras).doesNotContain("<id>", "<apiKey>", "<title>", "<message>", "<uri>", "<notification");
                await().atMost(WAIT).until(() -> nm.status(n.id()).orElseThrow().counts()
                        .equals(new DeliveryCounts(1, 1, 0, 0, 0, 0)));
            }
            await().atMost(WAIT).until(() -> !nm.isOnline(user));
            Notification whileAway = nm.accept(new NotificationRequest(new Target.User(user), "Later", "m", null,
                    Map.of(), null, null, null), null, null).notification();
            Notification broadcast = nm.accept(new NotificationRequest(new Target.All(), "All", "m", null,
                    Map.of(), null, null, null), null, null).notification();
            try (RawXmppClient c = androidpn(server, user, password, false)) {
                String got = c.readUntil("<id>" + broadcast.id() + "</id>");
                assertThat(got).contains("<id>" + whileAway.id() + "</id>").doesNotContain("<id>" + n.id() + "</id>");
                assertThat(got.indexOf(whileAway.id())).isLessThan(got.indexOf(broadcast.id()));
                await().atMost(WAIT).until(() -> nm.status(broadcast.id()).orElseThrow().counts().delivered() == 1);
            }
            try (RawXmppClient c = androidpn(server, user, password, false)) {
                Notification marker = nm.accept(new NotificationRequest(new Target.User(user), "marker", "m", null,
                        Map.of(), null, null, null), null, null).notification();
                String got = c.readUntil("<id>" + marker.id() + "</id>");
                assertThat(got).doesNotContain(whileAway.id()).doesNotContain(broadcast.id());
            }
        }
    }
}
