package org.xpush.server.xmpp.ping;

import org.xpush.server.routing.IqHandler;
import org.xpush.server.session.ClientSession;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.stanza.Stanzas;
import org.xpush.xmpp.xml.Element;

/** XEP-0199 §4.2: a ping to the server (or to the user's own account) is answered with an empty result. */
public final class PingHandler implements IqHandler {

    @Override
    public String namespace() {
        return Namespaces.PING;
    }

    @Override
    public void handle(ClientSession session, Element iq) {
        session.deliver(Stanzas.iqResult(iq, null));
    }
}
