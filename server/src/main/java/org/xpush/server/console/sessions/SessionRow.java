package org.xpush.server.console.sessions;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import org.xpush.server.session.ClientSession;

/**
 * A session as the console shows it.
 *
 * @param jid           full JID
 * @param username      the account
 * @param address       the client's IP address, or null while detached (awaiting XEP-0198 resumption)
 * @param tls           whether the connection is encrypted
 * @param clientVersion the client's software (XEP-0092), or null while unknown
 * @param since         when the session was bound
 * @param lastActivity  when the client last sent a stanza
 * @param connected     false while detached, awaiting resumption
 */
public record SessionRow(String jid, String username, String address, boolean tls, String clientVersion,
        Instant since, Instant lastActivity, boolean connected) {

    public static SessionRow of(ClientSession s) {
        return new SessionRow(s.jid().toString(), s.username(), address(s.remoteAddress()), s.isSecure(),
                s.clientVersion(), s.started(), s.lastActivity(), s.isConnected());
    }

    private static String address(SocketAddress remote) {
        if (remote == null) return null;
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return remote.toString();
    }
}
