package org.xpush.server.xmpp.disco;

import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.xpush.server.routing.IqHandler;
import org.xpush.server.session.ClientSession;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.stanza.StanzaError;
import org.xpush.xmpp.stanza.Stanzas;
import org.xpush.xmpp.xml.Element;

/**
 * XEP-0030 service discovery for the server and for the user's own account: identity and the features this
 * server supports (the IQ namespaces it handles plus stream-level features); no items.
 */
public final class DiscoHandlers {

    private DiscoHandlers() {}

    /** disco#info: server identity {@code server/im}; on the user's own bare JID, {@code account/registered}. */
    public static IqHandler info(Supplier<List<String>> handledNamespaces, List<String> extraFeatures) {
        return new IqHandler() {
            @Override
            public String namespace() {
                return Namespaces.DISCO_INFO;
            }

            @Override
            public void handle(ClientSession session, Element iq) {
                if (!"get".equals(iq.attribute("type"))) {
                    session.deliver(Stanzas.errorReply(iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST)));
                    return;
                }
                Element query = iq.firstElement().orElseThrow();
                if (query.attribute("node") != null) {
                    session.deliver(Stanzas.errorReply(iq, StanzaError.of(StanzaError.Condition.ITEM_NOT_FOUND)));
                    return;
                }
                String to = iq.attribute("to");
                boolean account = to != null && to.indexOf('@') > 0;
                Element.Builder b = Element.builder("query", Namespaces.DISCO_INFO)
                        .child(Element.builder("identity", Namespaces.DISCO_INFO)
                                .attribute("category", account ? "account" : "server")
                                .attribute("type", account ? "registered" : "im")
                                .attribute("name", account ? null : "xpush")
                                .build());
                TreeSet<String> features = new TreeSet<>(handledNamespaces.get());
                features.addAll(extraFeatures);
                for (String f : features) {
                    b.child(Element.builder("feature", Namespaces.DISCO_INFO).attribute("var", f).build());
                }
                session.deliver(Stanzas.iqResult(iq, b.build()));
            }
        };
    }

    /** disco#items: nothing to list. */
    public static IqHandler items() {
        return new IqHandler() {
            @Override
            public String namespace() {
                return Namespaces.DISCO_ITEMS;
            }

            @Override
            public void handle(ClientSession session, Element iq) {
                session.deliver(Stanzas.iqResult(iq, Element.of("query", Namespaces.DISCO_ITEMS)));
            }
        };
    }
}
