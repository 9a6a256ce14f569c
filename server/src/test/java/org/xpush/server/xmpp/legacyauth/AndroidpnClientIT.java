package org.xpush.server.xmpp.legacyauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.session.ClientSession;
import org.xpush.server.testing.RawXmppClient;
import org.xpush.server.testing.TestServer;

/**
 * What a stock androidpn 0.5 client (asmack, Smack 3) sends, byte for byte in substance (ANDROIDPN.md): STARTTLS
 * (required), XEP-0077 registration of a random UUID account without 'to', XEP-0078 login with resource
 * AndroidpnClient, roster get, initial presence. Each answer is checked as that client reads it.
 */
class AndroidpnClientIT {

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir); // defaults: TLS required, registration open
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static String uuid() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Connects and negotiates STARTTLS the way asmack does; returns the features of the encrypted stream. */
    private static String connectWithTls(RawXmppClient c) throws Exception {
        c.send(RawXmppClient.HEADER);
        String features = c.readUntil("</stream:features>");
        assertThat(features).contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>");
        c.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        c.readUntil("<proceed");
        c.startTls(server.clientSslContext());
        c.send(RawXmppClient.HEADER);
        return c.readUntil("</stream:features>");
    }

    @Test
    void registersLogsInWithLegacyAuthAndComesOnline() throws Exception {
        String user = uuid();
        String password = uuid();
        try (RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            String features = connectWithTls(c);
            assertThat(features).contains("http://jabber.org/features/iq-register", "http://jabber.org/features/iq-auth");

            c.clear();
            c.send("<iq id='reg1' type='set'><query xmlns='jabber:iq:register'><username>" + user
                    + "</username><password>" + password + "</password></query></iq>");
            assertThat(c.readUntil("id='reg1'")).contains("type='result'");

            c.clear();
            c.send("<iq id='auth1' type='get'><query xmlns='jabber:iq:auth'><username>" + user + "</username></query></iq>");
            String fields = c.readUntil("</iq>");
            assertThat(fields).contains("type='result'", "<password/>", "<resource/>").doesNotContain("<digest");

            c.clear();
            c.send("<iq id='auth2' type='set'><query xmlns='jabber:iq:auth'><username>" + user + "</username><password>"
                    + password + "</password><resource>AndroidpnClient</resource></query></iq>");
            String authResult = c.readUntil("id='auth2'");
            assertThat(authResult).contains("type='result'");

            c.clear();
            c.send("<iq id='roster1' type='get'><query xmlns='jabber:iq:roster'/></iq>");
            assertThat(c.readUntil("</iq>")).contains("id='roster1'", "type='result'", "jabber:iq:roster");

            c.send("<presence/>");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().sessions().sessionsOf(user).stream()
                    .anyMatch(s -> s.presence() != null));
            ClientSession session = server.server().sessions().sessionsOf(user).get(0);
            assertThat(session.jid().toString()).isEqualTo(user + "@localhost/AndroidpnClient");
        }
    }

    @Test
    void registeringAnExistingAccountAnswersConflictWith409() throws Exception {
        String user = uuid();
        server.createUser(user, "first");
        try (RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            connectWithTls(c);
            c.clear();
            c.send("<iq id='reg2' type='set'><query xmlns='jabber:iq:register'><username>" + user
                    + "</username><password>second</password></query></iq>");
            String answer = c.readUntil("</iq>");
            // asmack looks for "409" in the error; the legacy code attribute carries it
            assertThat(answer).contains("type='error'", "code='409'", "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>");
        }
    }

    @Test
    void wrongPasswordAnswers401SoTheClientReRegisters() throws Exception {
        String user = uuid();
        server.createUser(user, "right");
        try (RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            connectWithTls(c);
            c.clear();
            c.send("<iq id='a3' type='set'><query xmlns='jabber:iq:auth'><username>" + user
                    + "</username><password>wrong</password><resource>AndroidpnClient</resource></query></iq>");
            assertThat(c.readUntil("</iq>")).contains("type='error'", "code='401'", "<not-authorized");
        }
    }

    @Test
    void digestWithoutPasswordIsNotAcceptable() throws Exception {
        String user = uuid();
        server.createUser(user, "pw");
        try (RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            connectWithTls(c);
            c.clear();
            c.send("<iq id='a4' type='set'><query xmlns='jabber:iq:auth'><username>" + user
                    + "</username><digest>0123456789abcdef0123456789abcdef01234567</digest><resource>r</resource></query></iq>");
            assertThat(c.readUntil("</iq>")).contains("type='error'", "<not-acceptable");
        }
    }

    @Test
    void plaintextInjectedAfterStarttlsIsDiscarded() throws Exception {
        String victim = uuid();
        try (RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            c.send(RawXmppClient.HEADER).readUntil("</stream:features>");
            // one segment: STARTTLS, then a new "stream" and a registration an attacker slipped in before TLS
            c.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" + RawXmppClient.HEADER
                    + "<iq id='evil' type='set'><query xmlns='jabber:iq:register'><username>" + victim
                    + "</username><password>x</password></query></iq>");
            c.readUntil("<proceed");
            c.startTls(server.clientSslContext());
            c.send(RawXmppClient.HEADER);
            assertThat(c.readUntil("</stream:features>")).contains("<mechanisms").doesNotContain("id='evil'");
        }
        assertThat(server.server().auth().find(victim)).isEmpty();
    }

    @Test
    void registrationBeforeTlsIsRefusedWhenTlsIsRequired() throws Exception {
        try (RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            c.send(RawXmppClient.HEADER).readUntil("</stream:features>");
            c.send("<iq id='reg0' type='set'><query xmlns='jabber:iq:register'><username>x</username>"
                    + "<password>y</password></query></iq>");
            assertThat(c.readUntilClosed()).contains("<policy-violation").endsWith("</stream:stream>");
        }
    }
}
