package org.xpush.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.xpush.server.config.Setting;
import org.xpush.server.testing.RawXmppClient;
import org.xpush.server.testing.SmackClients;
import org.xpush.server.testing.TestServer;
import org.xpush.xmpp.Jid;

/**
 * XEP-0198 at the byte level: a stanza the server wrote but the client never acknowledged (its socket died) is
 * sent again after {@code <resume/>}; a wrong previd or an h higher than what was sent is refused.
 */
class StreamResumptionRawIT {

    @TempDir
    Path dir;

    private static TestServer plaintextServer(Path dir) throws InterruptedException {
        return TestServer.start(dir, c -> c.set(Setting.TLS_REQUIRED, "false").set(Setting.PLAIN_WITHOUT_TLS, "true"));
    }

    /** SASL PLAIN and the stream restart; returns the post-auth features. */
    private static String authenticate(RawXmppClient c, String user, String password) throws Exception {
        c.send(RawXmppClient.HEADER).readUntil("</stream:features>");
        String token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        c.clear();
        c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + token + "</auth>");
        c.readUntil("<success");
        c.clear();
        c.send(RawXmppClient.HEADER);
        return c.readUntil("</stream:features>");
    }

    private static String bindAndEnable(RawXmppClient c) throws Exception {
        c.clear();
        c.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>raw</resource></bind></iq>");
        c.readUntil("</iq>");
        c.clear();
        c.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
        String enabled = c.readUntil("/>");
        assertThat(enabled).contains("<enabled", "resume='true'");
        return enabled.replaceAll("(?s).*id='([^']+)'.*", "$1");
    }

    @Test
    void unacknowledgedStanzaIsResentAfterResume() throws Exception {
        try (TestServer server = plaintextServer(dir)) {
            server.createUser("alice", "a");
            server.createUser("bob", "b");
            String previd;
            try (RawXmppClient first = new RawXmppClient(server.xmppPort())) {
                assertThat(authenticate(first, "alice", "a")).contains("urn:xmpp:sm:3");
                previd = bindAndEnable(first);
                XMPPTCPConnection bob = SmackClients.login(server, "bob", "b", "desk");
                try {
                    first.clear();
                    bob.sendStanza(bob.getStanzaFactory().buildMessageStanza()
                            .to(JidCreate.from("alice@localhost/raw")).setBody("please ack me").build());
                    first.readUntil("please ack me");
                } finally {
                    bob.disconnect();
                }
            } // socket closed without </stream:stream> and without <a/>
            ClientSession session = server.server().sessions().get(Jid.parse("alice@localhost/raw"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !session.isConnected());

            try (RawXmppClient second = new RawXmppClient(server.xmppPort())) {
                authenticate(second, "alice", "a");
                second.clear();
                second.send("<resume xmlns='urn:xmpp:sm:3' previd='" + previd + "' h='0'/>");
                String resumed = second.readUntil("please ack me");
                assertThat(resumed).contains("<resumed", "previd='" + previd + "'", "h='0'");
                assertThat(session.isConnected()).isTrue();
            }
        }
    }

    @Test
    void unknownPrevidFailsAndTheClientCanStillBind() throws Exception {
        try (TestServer server = plaintextServer(dir); RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            server.createUser("carl", "c");
            authenticate(c, "carl", "c");
            c.clear();
            c.send("<resume xmlns='urn:xmpp:sm:3' previd='no-such-session' h='0'/>");
            assertThat(c.readUntil("</failed>")).contains("<item-not-found");
            c.clear();
            c.send("<iq type='set' id='b2'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            assertThat(c.readUntil("</iq>")).contains("type='result'", "carl@localhost/");
        }
    }

    @Test
    void ackForMoreThanWasSentEndsTheStream() throws Exception {
        try (TestServer server = plaintextServer(dir); RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            server.createUser("dina", "d");
            authenticate(c, "dina", "d");
            bindAndEnable(c);
            c.send("<a xmlns='urn:xmpp:sm:3' h='5'/>");
            assertThat(c.readUntilClosed()).contains("<undefined-condition").endsWith("</stream:stream>");
        }
    }

    @Test
    void serverAnswersAckRequests() throws Exception {
        try (TestServer server = plaintextServer(dir); RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            server.createUser("eve", "e");
            authenticate(c, "eve", "e");
            bindAndEnable(c);
            c.send("<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>");
            c.readUntil("id='p1'");
            c.clear();
            c.send("<r xmlns='urn:xmpp:sm:3'/>");
            assertThat(c.readUntil("<a ")).isNotEmpty();
            assertThat(c.readUntil("/>")).contains("h='1'");
        }
    }
}
