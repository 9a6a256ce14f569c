package org.xpush.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.chat2.ChatManager;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.time.packet.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.xpush.server.testing.SmackClients;
import org.xpush.server.testing.TestServer;

/** What two logged-in Smack clients can do with each other and with the server. */
class MessagingIT {

    @TempDir
    static Path dir;

    static TestServer server;

    XMPPTCPConnection alice;
    XMPPTCPConnection bob;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        server.createUser("alice", "a-secret");
        server.createUser("bob", "b-secret");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @BeforeEach
    void login() throws Exception {
        alice = SmackClients.login(server, "alice", "a-secret", "laptop");
        bob = SmackClients.login(server, "bob", "b-secret", "phone");
        // Smack's login returns once the initial presence is sent, not handled: a chat message to a bare JID that
        // overtakes it finds no available resource (RFC 6121 §8.5.2.2.1) and is bounced
        await().atMost(Duration.ofSeconds(10)).until(() -> available("alice") && available("bob"));
    }

    /** Whether a session of the user has available presence: what routing to a bare JID looks for. */
    private static boolean available(String user) {
        return server.server().sessions().sessionsOf(user).stream().anyMatch(s -> s.presence() != null);
    }

    @AfterEach
    void logout() {
        alice.disconnect();
        bob.disconnect();
    }

    @Test
    void chatMessageReachesTheOtherUser() throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        ChatManager.getInstanceFor(bob).addIncomingListener((from, message, chat) -> received.add(message));
        ChatManager.getInstanceFor(alice).chatWith(JidCreate.entityBareFrom("bob@localhost")).send("hello bob");
        Message m = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(m).isNotNull();
        assertThat(m.getBody()).isEqualTo("hello bob");
        assertThat(m.getFrom().toString()).isEqualTo("alice@localhost/laptop");
    }

    @Test
    void messageToAFullJidReachesThatResource() throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        bob.addAsyncStanzaListener(s -> received.add((Message) s), s -> s instanceof Message);
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.from("bob@localhost/phone")).setBody("direct").build());
        Message m = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(m).isNotNull();
        assertThat(m.getBody()).isEqualTo("direct");
    }

    @Test
    void messageToAnOfflineUserBouncesServiceUnavailable() throws Exception {
        BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
        alice.addAsyncStanzaListener(s -> errors.add((Message) s),
                s -> s instanceof Message && ((Message) s).getType() == Message.Type.error);
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.from("nobody@localhost")).ofType(Message.Type.chat).setBody("anyone?").build());
        Message error = errors.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(error).isNotNull();
        assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
    }

    @Test
    void serverAnswersPing() throws Exception {
        assertThat(PingManager.getInstanceFor(alice).pingMyServer(true, 10_000)).isTrue();
    }

    @Test
    void clientsCanPingEachOther() throws Exception {
        assertThat(PingManager.getInstanceFor(alice).ping(JidCreate.entityFullFrom("bob@localhost/phone"), 10_000)).isTrue();
    }

    @Test
    void discoInfoListsWhatTheServerSupports() throws Exception {
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(JidCreate.domainBareFrom("localhost"));
        assertThat(info.hasIdentity("server", "im")).isTrue();
        assertThat(info.containsFeature("urn:xmpp:ping")).isTrue();
        assertThat(info.containsFeature("jabber:iq:version")).isTrue();
        assertThat(info.containsFeature("jabber:iq:register")).isTrue();
        assertThat(info.containsFeature("urn:xmpp:sm:3")).isTrue();
        assertThat(info.containsFeature("http://jabber.org/protocol/disco#info")).isTrue();
    }

    @Test
    void serverTellsItsVersion() throws Exception {
        Version v = VersionManager.getInstanceFor(alice).getVersion(JidCreate.domainBareFrom("localhost"));
        assertThat(v.getName()).isEqualTo("xpush");
        assertThat(v.getVersion()).isNotBlank();
    }

    @Test
    void rosterIsEmpty() throws Exception {
        Roster roster = Roster.getInstanceFor(alice);
        roster.reloadAndWait();
        assertThat(roster.getEntries()).isEmpty();
    }

    @Test
    void unknownIqIsServiceUnavailable() {
        Time request = new Time();
        request.setTo(JidCreate.domainBareFromOrThrowUnchecked("localhost"));
        assertThatThrownBy(() -> alice.sendIqRequestAndWaitForResponse(request))
                .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e ->
                        assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable));
    }

    @Test
    void usersCannotPushNotificationsToEachOther() {
        IQ fake = new IQ("notification", "androidpn:iq:notification") {
            @Override
            protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
                xml.rightAngleBracket();
                xml.append("<id>1</id><title>Your bank</title><uri>https://phishing.example</uri>");
                return xml;
            }
        };
        fake.setType(IQ.Type.set);
        fake.setTo(JidCreate.entityFullFromOrThrowUnchecked("bob@localhost/phone"));
        assertThatThrownBy(() -> alice.sendIqRequestAndWaitForResponse(fake))
                .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e ->
                        assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_allowed));
    }

    @Test
    void presenceIsTracked() {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.server().sessions().sessionsOf("alice").stream()
                .anyMatch(s -> s.presence() != null));
    }
}
