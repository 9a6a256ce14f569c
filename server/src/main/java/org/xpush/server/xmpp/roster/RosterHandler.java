package org.xpush.server.xmpp.roster;

import org.xpush.server.routing.IqHandler;
import org.xpush.server.session.ClientSession;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.stanza.StanzaError;
import org.xpush.xmpp.stanza.Stanzas;
import org.xpush.xmpp.xml.Element;

/**
 * RFC 6121 §2: xpush keeps no rosters. A roster get (which Smack and androidpn's asmack send after login) gets
 * an empty roster; a roster set is refused with {@code not-allowed}.
 */
public final class RosterHandler implements IqHandler {

    private static final Element EMPTY = Element.of("query", Namespaces.ROSTER);

    @Override
    public String namespace() {
        return Namespaces.ROSTER;
    }

    @Override
    public void handle(ClientSession session, Element iq) {
        if ("get".equals(iq.attribute("type"))) {
            session.deliver(Stanzas.iqResult(iq, EMPTY));
        } else {
            session.deliver(Stanzas.errorReply(iq, StanzaError.of(StanzaError.Condition.NOT_ALLOWED, "no rosters on this server")));
        }
    }
}
