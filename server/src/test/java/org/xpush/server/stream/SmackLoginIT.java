package org.xpush.server.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jxmpp.jid.parts.Localpart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xpush.server.sasl.SmackScramSha256Mechanism;
import org.xpush.server.testing.SmackClients;
import org.xpush.server.testing.TestServer;

/** Registration and login as a Smack 4.4 client does it: STARTTLS, direct TLS, each SASL mechanism, failures. */
class SmackLoginIT {

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        SASLAuthentication.registerSASLMechanism(new SmackScramSha256Mechanism());
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void newUserRegistersInBandThenLogsIn() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(SmackClients.startTls(server).build());
        try {
            c.connect();
            assertThat(c.isSecureConnection()).isTrue();
            AccountManager accounts = AccountManager.getInstance(c);
            assertThat(accounts.supportsAccountCreation()).isTrue();
            accounts.createAccount(Localpart.from("alice"), "alice-secret");
            c.login("alice", "alice-secret", org.jxmpp.jid.parts.Resourcepart.from("phone"));
            assertThat(c.isAuthenticated()).isTrue();
            assertThat(c.getUser().toString()).isEqualTo("alice@localhost/phone");
        } finally {
            c.disconnect();
        }
    }

    @Test
    void registeringATakenNameIsAConflict() throws Exception {
        server.createUser("bob", "bob-secret");
        XMPPTCPConnection c = new XMPPTCPConnection(SmackClients.startTls(server).build());
        try {
            c.connect();
            assertThatThrownBy(() -> AccountManager.getInstance(c).createAccount(Localpart.from("bob"), "other"))
                    .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e ->
                            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict));
        } finally {
            c.disconnect();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"})
    void logsInWithEachSaslMechanism(String mechanism) throws Exception {
        server.createUser("mech-" + mechanism.toLowerCase(), "pw-" + mechanism);
        XMPPTCPConnection c = new XMPPTCPConnection(SmackClients.startTls(server)
                .setUsernameAndPassword("mech-" + mechanism.toLowerCase(), "pw-" + mechanism)
                .addEnabledSaslMechanism(mechanism)
                .build());
        try {
            c.connect().login();
            assertThat(c.isAuthenticated()).isTrue();
            assertThat(c.getUsedSaslMechansism()).isEqualTo(mechanism);
        } finally {
            c.disconnect();
        }
    }

    /** A wrong password and an unknown user get the same answer, so names cannot be probed. */
    @ParameterizedTest
    @ValueSource(strings = {"carol", "nobody-here"})
    void wrongPasswordOrUnknownUserIsNotAuthorized(String user) throws Exception {
        server.createUser("carol", "right");
        XMPPTCPConnection c = new XMPPTCPConnection(SmackClients.startTls(server)
                .setUsernameAndPassword(user, "wrong")
                .build());
        try {
            c.connect();
            assertThatThrownBy(c::login).isInstanceOfSatisfying(SASLErrorException.class, e ->
                    assertThat(e.getSASLFailure().getSASLErrorString()).isEqualTo("not-authorized"));
        } finally {
            c.disconnect();
        }
    }

    @Test
    void directTlsPortWorks() throws Exception {
        server.createUser("dave", "dave-secret");
        XMPPTCPConnection c = new XMPPTCPConnection(SmackClients.startTls(server)
                .setPort(server.xmppTlsPort())
                // XEP-0368: TLS from the first byte, so there is no STARTTLS to negotiate
                .setSecurityMode(SecurityMode.disabled)
                .setSocketFactory(server.clientSslContext().getSocketFactory())
                .setUsernameAndPassword("dave", "dave-secret")
                .build());
        try {
            c.connect().login();
            assertThat(c.isAuthenticated()).isTrue();
        } finally {
            c.disconnect();
        }
    }

    @Test
    void secondLoginWithTheSameResourceReplacesTheFirst() throws Exception {
        server.createUser("erin", "erin-secret");
        XMPPTCPConnection first = SmackClients.login(server, "erin", "erin-secret", "tablet");
        XMPPTCPConnection second = SmackClients.login(server, "erin", "erin-secret", "tablet");
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> !first.isConnected());
            assertThat(second.isAuthenticated()).isTrue();
            assertThat(server.server().sessions().sessionsOf("erin")).hasSize(1);
        } finally {
            first.disconnect();
            second.disconnect();
        }
    }
}
