package org.xpush.server.xmpp.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.parts.Localpart;
import org.xpush.server.config.Setting;
import org.xpush.server.testing.SmackClients;
import org.xpush.server.testing.TestServer;

/** XEP-0077 beyond account creation: password change, cancellation, closed registration, the per-IP limit. */
class RegistrationIT {

    @TempDir
    Path dir;

    @Test
    void changedPasswordWorksAndTheOldOneNoLonger() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            server.createUser("frank", "old-pw");
            XMPPTCPConnection c = SmackClients.login(server, "frank", "old-pw", "r");
            AccountManager.getInstance(c).changePassword("new-pw");
            c.disconnect();

            SmackClients.login(server, "frank", "new-pw", "r").disconnect();
            assertThatThrownBy(() -> SmackClients.login(server, "frank", "old-pw", "r"))
                    .isInstanceOf(SASLErrorException.class);
        }
    }

    @Test
    void cancelledAccountIsGoneAndItsSessionsEnd() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            server.createUser("gina", "pw");
            XMPPTCPConnection other = SmackClients.login(server, "gina", "pw", "tablet");
            XMPPTCPConnection c = SmackClients.login(server, "gina", "pw", "phone");
            try {
                AccountManager.getInstance(c).deleteAccount();
            } catch (SmackException | XMPPException e) {
                // The server answers, then ends the stream with <not-authorized/> (XEP-0077 §3.2); Smack may see the
                // end before it hands the answer to the waiting call. What counts is what follows.
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !other.isConnected() && !c.isConnected());
            assertThat(server.server().auth().find("gina")).isEmpty();
            assertThatThrownBy(() -> SmackClients.login(server, "gina", "pw", "r")).isInstanceOf(SASLErrorException.class);
        }
    }

    @Test
    void closedRegistrationIsNotAllowed() throws Exception {
        try (TestServer server = TestServer.start(dir, c -> c.set(Setting.REGISTRATION, "closed"))) {
            XMPPTCPConnection c = new XMPPTCPConnection(SmackClients.startTls(server).build());
            try {
                c.connect();
                AccountManager accounts = AccountManager.getInstance(c);
                accounts.sensitiveOperationOverInsecureConnection(false);
                assertThatThrownBy(() -> accounts.createAccount(Localpart.from("henry"), "pw"))
                        .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e ->
                                assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_allowed));
            } finally {
                c.disconnect();
            }
        }
    }

    @Test
    void registrationsPerIpAreLimited() throws Exception {
        try (TestServer server = TestServer.start(dir, c -> c.set(Setting.REGISTRATION_PER_IP_PER_MINUTE, "2"))) {
            XMPPTCPConnection c = new XMPPTCPConnection(SmackClients.startTls(server).build());
            try {
                c.connect();
                AccountManager accounts = AccountManager.getInstance(c);
                accounts.createAccount(Localpart.from("ivan1"), "pw");
                accounts.createAccount(Localpart.from("ivan2"), "pw");
                assertThatThrownBy(() -> accounts.createAccount(Localpart.from("ivan3"), "pw"))
                        .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e ->
                                assertThat(e.getStanzaError().getCondition())
                                        .isEqualTo(StanzaError.Condition.resource_constraint));
                assertThat(server.server().auth().find("ivan3")).isEmpty();
            } finally {
                c.disconnect();
            }
        }
    }
}
