package org.xpush.server.testing;

import java.io.IOException;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.stringprep.XmppStringprepException;

/** Smack 4.4 connections to a {@link TestServer}, configured as a real app would (STARTTLS required). */
public final class SmackClients {

    private SmackClients() {}

    /** A configuration builder for the STARTTLS port, trusting the test certificate. */
    public static XMPPTCPConnectionConfiguration.Builder startTls(TestServer server) {
        return startTls(server.xmppPort(), server.clientTrustManager());
    }

    /** A configuration builder for a server on {@code port} whose certificate {@code trust} accepts. */
    public static XMPPTCPConnectionConfiguration.Builder startTls(int port, javax.net.ssl.X509TrustManager trust) {
        try {
            return XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain(TestServer.DOMAIN)
                    .setHost("127.0.0.1")
                    .setPort(port)
                    .setSecurityMode(SecurityMode.required)
                    .setCustomX509TrustManager(trust)
                    .setConnectTimeout(10_000)
                    .setCompressionEnabled(false);
        } catch (XmppStringprepException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connects and logs in as {@code user} with a fixed resource. */
    public static XMPPTCPConnection login(TestServer server, String user, String password, String resource)
            throws IOException, InterruptedException, SmackException, XMPPException {
        XMPPTCPConnection c = new XMPPTCPConnection(startTls(server)
                .setUsernameAndPassword(user, password)
                .setResource(resource)
                .build());
        c.setReplyTimeout(10_000);
        c.connect().login();
        return c;
    }
}
