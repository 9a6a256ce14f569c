package org.xpush.server.xmpp.session;

import org.xpush.server.routing.IqHandler;
import org.xpush.server.session.ClientSession;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.stanza.StanzaError;
import org.xpush.xmpp.stanza.Stanzas;
import org.xpush.xmpp.xml.Element;

/**
 * RFC 3921 §3 session establishment, kept for old clients (RFC 6120 dropped it; we advertise it as optional):
 * the session already exists once the resource is bound, so the answer is an empty result. A second
 * {@code bind} on a ready stream is refused (one resource per stream).
 */
public final class SessionIqHandler implements IqHandler {

    @Override
    public String namespace() {
        return Namespaces.SESSION;
    }

    @Override
    public void handle(ClientSession session, Element iq) {
        session.deliver(Stanzas.iqResult(iq, null));
    }

    /** RFC 6120 §7.7.2.? : a stream has one bound resource; binding again is not allowed. */
    public static final class RebindHandler implements IqHandler {
        @Override
        public String namespace() {
            return Namespaces.BIND;
        }

        @Override
        public void handle(ClientSession session, Element iq) {
            session.deliver(Stanzas.errorReply(iq, StanzaError.of(StanzaError.Condition.NOT_ALLOWED, "resource already bound")));
        }
    }
}
