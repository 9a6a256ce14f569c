package org.xpush.server.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xpush.server.session.ClientSession;
import org.xpush.server.session.PresenceManager;
import org.xpush.server.session.SessionManager;
import org.xpush.xmpp.Jid;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.stanza.StanzaError;
import org.xpush.xmpp.stanza.StanzaError.Condition;
import org.xpush.xmpp.stanza.Stanzas;
import org.xpush.xmpp.xml.Element;

/**
 * Routes the stanzas of bound sessions (the role of Openfire's PacketRouter): IQ requests for the server to
 * their {@link IqHandler} by payload namespace, and stanzas for other users to their sessions on this node.
 * No server-to-server federation: other domains get {@code remote-server-not-found}.
 *
 * <p>Runs on the sender's event loop; never blocks.
 */
public final class StanzaRouter {

    private final String domain;
    private final SessionManager sessions;
    private final PresenceManager presence;
    private final Map<String, IqHandler> handlers = new HashMap<>();
    private volatile IqResponseListener responses = (session, iq) -> {};

    public StanzaRouter(String domain, SessionManager sessions, PresenceManager presence) {
        this.domain = domain;
        this.sessions = sessions;
        this.presence = presence;
    }

    /** Registers a handler; one per namespace. Call before the server starts. */
    public StanzaRouter handler(IqHandler handler) {
        if (handlers.putIfAbsent(handler.namespace(), handler) != null) {
            throw new IllegalStateException("two IQ handlers for " + handler.namespace());
        }
        return this;
    }

    /** Receives IQ results and errors addressed to the server (answers to the server's own requests). */
    public void responses(IqResponseListener listener) {
        this.responses = listener;
    }

    /** The namespaces that have handlers (for service discovery). */
    public List<String> namespaces() {
        return handlers.keySet().stream().sorted().toList();
    }

    /** Routes one stanza whose {@code from} is already stamped with the sender's full JID. */
    public void route(ClientSession from, Element stanza) {
        String toAttr = stanza.attribute("to");
        Jid to = null;
        if (toAttr != null) {
            to = Jid.parseOrNull(toAttr);
            if (to == null) {
                bounce(from, stanza, Condition.JID_MALFORMED);
                return;
            }
        }
        if (to != null && !to.domain().equals(domain)) {
            bounce(from, stanza, Condition.REMOTE_SERVER_NOT_FOUND);
            return;
        }
        if (Stanzas.isIq(stanza)) {
            routeIq(from, stanza, to);
        } else if (Stanzas.isMessage(stanza)) {
            routeMessage(from, stanza, to);
        } else {
            routePresence(from, stanza, to);
        }
    }

    private void routeIq(ClientSession from, Element iq, Jid to) {
        String type = iq.attribute("type");
        boolean forServer = to == null || to.local() == null || (to.isBare() && to.equals(from.jid().asBare()));
        if ("result".equals(type) || "error".equals(type)) {
            if (forServer) {
                responses.onResponse(from, iq);
            } else {
                deliverToResource(to, iq);
            }
            return;
        }
        if (!"get".equals(type) && !"set".equals(type)) {
            bounce(from, iq, Condition.BAD_REQUEST);
            return;
        }
        // RFC 6120 §8.2.3: a get or set has exactly one payload element
        List<Element> payload = iq.elements();
        if (payload.size() != 1 || iq.attribute("id") == null) {
            bounce(from, iq, Condition.BAD_REQUEST);
            return;
        }
        if (forServer) {
            if (to != null && to.local() == null && to.resource() != null) {
                bounce(from, iq, Condition.SERVICE_UNAVAILABLE);
                return;
            }
            IqHandler handler = handlers.get(payload.get(0).namespace());
            if (handler == null) {
                bounce(from, iq, Condition.SERVICE_UNAVAILABLE);
            } else {
                handler.handle(from, iq);
            }
            return;
        }
        // Notifications come from the server only: androidpn clients trust any notification IQ without looking
        // at 'from', so one user must not be able to push one to another's device.
        if (Namespaces.NOTIFICATION.equals(payload.get(0).namespace())) {
            bounce(from, iq, Condition.NOT_ALLOWED);
            return;
        }
        // RFC 6121 §8.5.2.1.1 / §8.5.3.2.1: to another user's bare JID, or to a resource that is not online
        if (to.isBare() || !deliverToResource(to, iq)) {
            bounce(from, iq, Condition.SERVICE_UNAVAILABLE);
        }
    }

    private void routeMessage(ClientSession from, Element message, Jid to) {
        Jid target = to == null ? from.jid().asBare() : to; // RFC 6120 §8.1.1.1: no 'to' means the sender's account
        if (target.local() == null) {
            bounce(from, message, Condition.SERVICE_UNAVAILABLE);
            return;
        }
        if (!target.isBare() && deliverToResource(target, message)) return;
        // RFC 6121 §8.5.2.1.1: to the bare JID, every available resource with non-negative priority
        boolean delivered = false;
        for (ClientSession s : sessions.sessionsOf(target.local())) {
            if (presence.isAvailable(s) && presence.priority(s) >= 0) {
                delivered |= s.deliver(message);
            }
        }
        if (!delivered) {
            String type = message.attribute("type");
            // RFC 6121 §8.5.2.2.1: no offline storage of chat messages here; tell the sender
            if (!"groupchat".equals(type) && !"headline".equals(type)) {
                bounce(from, message, Condition.SERVICE_UNAVAILABLE);
            }
        }
    }

    private void routePresence(ClientSession from, Element p, Jid to) {
        if (to == null) {
            presence.update(from, p);
            return;
        }
        // directed presence (RFC 6121 §4.6) to an online user; subscriptions are not kept (no rosters)
        if (to.local() == null) return;
        if (!to.isBare()) {
            deliverToResource(to, p);
            return;
        }
        for (ClientSession s : sessions.sessionsOf(to.local())) s.deliver(p);
    }

    private boolean deliverToResource(Jid fullJid, Element stanza) {
        ClientSession target = sessions.get(fullJid);
        return target != null && target.deliver(stanza);
    }

    /** Sends the sender an error reply, unless the stanza is itself an error (RFC 6120 §8.3.1). */
    private static void bounce(ClientSession from, Element stanza, Condition condition) {
        if (Stanzas.isError(stanza)) return;
        from.deliver(Stanzas.errorReply(stanza, StanzaError.of(condition)));
    }
}
