package org.xpush.server.xmpp.version;

import org.xpush.server.routing.IqHandler;
import org.xpush.server.session.ClientSession;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.stanza.StanzaError;
import org.xpush.xmpp.stanza.Stanzas;
import org.xpush.xmpp.xml.Element;

/** XEP-0092: the server's name and version (no operating system: it tells attackers too much). */
public final class VersionHandler implements IqHandler {

    private final Element answer;

    public VersionHandler(String version) {
        this.answer = Element.builder("query", Namespaces.VERSION)
                .textChild("name", "xpush")
                .textChild("version", version)
                .build();
    }

    @Override
    public String namespace() {
        return Namespaces.VERSION;
    }

    @Override
    public void handle(ClientSession session, Element iq) {
        if (!"get".equals(iq.attribute("type"))) {
            session.deliver(Stanzas.errorReply(iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST)));
            return;
        }
        session.deliver(Stanzas.iqResult(iq, answer));
    }
}
