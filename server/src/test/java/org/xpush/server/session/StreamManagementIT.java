package org.xpush.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.xpush.server.config.Setting;
import org.xpush.server.testing.SmackClients;
import org.xpush.server.testing.TestServer;
import org.xpush.xmpp.Jid;

/** XEP-0198 with Smack: acks, and resumption after the TCP connection is cut, with queued stanzas resent. */
class StreamManagementIT {

    @TempDir
    Path dir;

    private static XMPPTCPConnection smClient(TestServer server, String user, String password) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(SmackClients.startTls(server)
                .setUsernameAndPassword(user, password)
                .setResource("phone")
                .build());
        c.setUseStreamManagement(true);
        c.setUseStreamManagementResumption(true);
        c.setReplyTimeout(10_000);
        c.connect().login();
        return c;
    }

    @Test
    void cutConnectionIsResumedAndMissedMessagesArrive() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            server.createUser("alice", "a");
            server.createUser("bob", "b");
            XMPPTCPConnection alice = smClient(server, "alice", "a");
            XMPPTCPConnection bob = SmackClients.login(server, "bob", "b", "desk");
            try {
                assertThat(alice.isSmEnabled()).isTrue();
                assertThat(alice.isSmResumptionPossible()).isTrue();
                // a synchronous listener sees stanzas in arrival order (async listeners may reorder)
                BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
                alice.addSyncStanzaListener(s -> bodies.add(((Message) s).getBody()), s -> s instanceof Message);

                bob.sendStanza(bob.getStanzaFactory().buildMessageStanza()
                        .to(JidCreate.from("alice@localhost/phone")).setBody("before").build());
                assertThat(bodies.poll(10, TimeUnit.SECONDS)).isEqualTo("before");

                alice.instantShutdown(); // the socket goes away without </stream:stream>
                ClientSession session = server.server().sessions().get(Jid.parse("alice@localhost/phone"));
                await().atMost(Duration.ofSeconds(10)).until(() -> !session.isConnected());

                for (int i = 0; i < 3; i++) {
                    bob.sendStanza(bob.getStanzaFactory().buildMessageStanza()
                            .to(JidCreate.from("alice@localhost/phone")).setBody("while away " + i).build());
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> queuedWhileAway(session));

                alice.connect().login();
                assertThat(alice.streamWasResumed()).isTrue();
                assertThat(bodies.poll(10, TimeUnit.SECONDS)).isEqualTo("while away 0");
                assertThat(bodies.poll(10, TimeUnit.SECONDS)).isEqualTo("while away 1");
                assertThat(bodies.poll(10, TimeUnit.SECONDS)).isEqualTo("while away 2");
                assertThat(server.server().sessions().get(Jid.parse("alice@localhost/phone"))).isSameAs(session);
            } finally {
                alice.disconnect();
                bob.disconnect();
            }
        }
    }

    /** The router accepted the stanzas into the detached session (nothing to observe but that it is still there). */
    private static boolean queuedWhileAway(ClientSession session) {
        return !session.isEnded() && !session.isConnected();
    }

    @Test
    void sessionNotResumedInTimeEndsAndTheClientStartsANewOne() throws Exception {
        try (TestServer server = TestServer.start(dir, c -> c.set(Setting.SM_RESUME_TIMEOUT, "500ms"))) {
            server.createUser("carol", "c");
            XMPPTCPConnection carol = smClient(server, "carol", "c");
            try {
                ClientSession session = server.server().sessions().get(Jid.parse("carol@localhost/phone"));
                carol.instantShutdown();
                await().atMost(Duration.ofSeconds(10)).until(session::isEnded);
                assertThat(server.server().sessions().sessionsOf("carol")).isEmpty();

                carol.connect().login();
                assertThat(carol.streamWasResumed()).isFalse();
                assertThat(carol.isAuthenticated()).isTrue();
                assertThat(server.server().sessions().sessionsOf("carol")).hasSize(1);
            } finally {
                carol.disconnect();
            }
        }
    }

    @Test
    void cleanCloseEndsTheSessionAtOnce() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            server.createUser("dan", "d");
            XMPPTCPConnection dan = smClient(server, "dan", "d");
            ClientSession session = server.server().sessions().get(Jid.parse("dan@localhost/phone"));
            dan.disconnect(); // sends </stream:stream>
            await().atMost(Duration.ofSeconds(10)).until(session::isEnded);
        }
    }
}
