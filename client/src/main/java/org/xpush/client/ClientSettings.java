package org.xpush.client;

import java.time.Duration;
import javax.net.SocketFactory;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.parts.Resourcepart;

/** What a {@link PushClient.Builder} collected, checked and immutable. */
final class ClientSettings {

    final String host;
    final int port;
    final DomainBareJid domain;
    final Resourcepart resource;
    final TlsPolicy tls;
    final CredentialStore credentials;
    final ReceivedIdStore receivedIds;
    final NotificationListener listener;
    final ConnectionStateListener stateListener;
    final ReconnectPolicy reconnect;
    final Duration pingInterval;
    final Duration connectTimeout;
    final Duration replyTimeout;

    ClientSettings(String host, int port, DomainBareJid domain, Resourcepart resource, TlsPolicy tls,
            CredentialStore credentials, ReceivedIdStore receivedIds, NotificationListener listener,
            ConnectionStateListener stateListener, ReconnectPolicy reconnect, Duration pingInterval,
            Duration connectTimeout, Duration replyTimeout) {
        this.host = host;
        this.port = port;
        this.domain = domain;
        this.resource = resource;
        this.tls = tls;
        this.credentials = credentials;
        this.receivedIds = receivedIds;
        this.listener = listener;
        this.stateListener = stateListener;
        this.reconnect = reconnect;
        this.pingInterval = pingInterval;
        this.connectTimeout = connectTimeout;
        this.replyTimeout = replyTimeout;
    }

    /**
     * Smack's configuration: STARTTLS required (RFC 6120 §5), the TLS policy's trust manager and name check, no
     * automatic presence (the client declares acknowledgements first), no compression.
     */
    XMPPTCPConnectionConfiguration smackConfiguration(SocketFactory sockets) {
        return XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain)
                .setHost(host)
                .setPort(port)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(tls.trustManager())
                .setHostnameVerifier(tls.hostnameVerifier())
                .setSocketFactory(sockets)
                .setSendPresence(false)
                .setCompressionEnabled(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .build();
    }
}
