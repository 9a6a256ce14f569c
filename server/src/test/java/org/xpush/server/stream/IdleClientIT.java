package org.xpush.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.config.Setting;
import org.xpush.server.testing.RawXmppClient;
import org.xpush.server.testing.TestServer;

/** Clients that go silent: dropped after the negotiation timeout, or after an unanswered ping once logged in. */
class IdleClientIT {

    @TempDir
    Path dir;

    @Test
    void clientThatStopsMidStanzaBeforeLoginIsDropped() throws Exception {
        try (TestServer server = TestServer.start(dir, c -> c.set(Setting.TLS_REQUIRED, "false")
                .set(Setting.NEGOTIATION_TIMEOUT, "1s"));
                RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            c.send(RawXmppClient.HEADER + "<iq type='get' id='1'><query xmlns='jabb");
            assertThat(c.readUntilClosed()).contains("<connection-timeout").endsWith("</stream:stream>");
        }
    }

    @Test
    void loggedInClientThatStopsAnsweringIsPingedThenDropped() throws Exception {
        try (TestServer server = TestServer.start(dir, c -> c.set(Setting.TLS_REQUIRED, "false")
                .set(Setting.PLAIN_WITHOUT_TLS, "true")
                .set(Setting.PING_AFTER_IDLE, "1s")
                .set(Setting.PING_TIMEOUT, "1s"));
                RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            server.createUser("sleepy", "pw");
            c.send(RawXmppClient.HEADER).readUntil("</stream:features>");
            c.send("<iq type='set' id='a1'><query xmlns='jabber:iq:auth'><username>sleepy</username>"
                    + "<password>pw</password><resource>r</resource></query></iq>");
            c.readUntil("id='a1'");
            c.send("<message to='sleepy@localhost'><body>"); // and then nothing more
            String all = c.readUntilClosed();
            assertThat(all).contains("urn:xmpp:ping").contains("<connection-timeout").endsWith("</stream:stream>");
        }
    }

    @Test
    void clientThatAnswersPingsStays() throws Exception {
        try (TestServer server = TestServer.start(dir, c -> c.set(Setting.TLS_REQUIRED, "false")
                .set(Setting.PLAIN_WITHOUT_TLS, "true")
                .set(Setting.PING_AFTER_IDLE, "1s")
                .set(Setting.PING_TIMEOUT, "1s"));
                RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            server.createUser("awake", "pw");
            c.send(RawXmppClient.HEADER).readUntil("</stream:features>");
            c.send("<iq type='set' id='a1'><query xmlns='jabber:iq:auth'><username>awake</username>"
                    + "<password>pw</password><resource>r</resource></query></iq>");
            c.readUntil("id='a1'");
            for (int i = 0; i < 3; i++) {
                c.clear();
                String ping = c.readUntil("urn:xmpp:ping'/></iq>");
                String id = ping.replaceAll("(?s).*<iq[^>]*id='([^']+)'.*", "$1");
                c.send("<iq type='result' id='" + id + "' to='localhost'/>");
            }
            assertThat(server.server().sessions().sessionsOf("awake")).hasSize(1);
        }
    }
}
