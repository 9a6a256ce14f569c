package org.xpush.xmpp.stanza;

import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;

/**
 * Building blocks for stanzas (RFC 6120 §8): kinds, IQ types, and replies to a received stanza.
 * Stanzas are plain {@link Element}s named {@code iq}, {@code message} or {@code presence} in {@code jabber:client}.
 */
public final class Stanzas {

    private Stanzas() {}

    public static boolean isIq(Element e) {
        return e.is("iq", Namespaces.CLIENT);
    }

    public static boolean isMessage(Element e) {
        return e.is("message", Namespaces.CLIENT);
    }

    public static boolean isPresence(Element e) {
        return e.is("presence", Namespaces.CLIENT);
    }

    /** True for an IQ of type get or set (a request that must be answered, RFC 6120 §8.2.3). */
    public static boolean isIqRequest(Element e) {
        String type = e.attribute("type");
        return isIq(e) && ("get".equals(type) || "set".equals(type));
    }

    /** An IQ result for {@code request}, addressed back to its sender, with an optional payload. */
    public static Element iqResult(Element request, Element payload) {
        Element.Builder b = Element.builder("iq", Namespaces.CLIENT)
                .attribute("type", "result")
                .attribute("id", request.attribute("id"))
                .attribute("to", request.attribute("from"))
                .attribute("from", request.attribute("to"));
        if (payload != null) b.child(payload);
        return b.build();
    }

    /**
     * The error reply to any stanza (RFC 6120 §8.3.1): same kind and id, addresses swapped, type error,
     * the original payload echoed for IQs, and the {@code <error/>} child.
     */
    public static Element errorReply(Element stanza, StanzaError error) {
        Element.Builder b = Element.builder(stanza.name(), stanza.namespace())
                .attribute("type", "error")
                .attribute("id", stanza.attribute("id"))
                .attribute("to", stanza.attribute("from"))
                .attribute("from", stanza.attribute("to"));
        if (isIq(stanza)) {
            stanza.firstElement().ifPresent(b::child);
        }
        b.child(error.toElement(stanza.namespace()));
        return b.build();
    }

    /** True for a stanza of type error (which must never be answered with another error, RFC 6120 §8.3.1). */
    public static boolean isError(Element stanza) {
        return "error".equals(stanza.attribute("type"));
    }
}
