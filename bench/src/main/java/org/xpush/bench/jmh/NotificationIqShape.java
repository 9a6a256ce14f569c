package org.xpush.bench.jmh;

import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;

/**
 * A notification IQ of the shape the server sends (its {@code NotificationIq}, README "The notification IQ"),
 * built with the same {@link Element} API. The server's class is internal to the server module, so the
 * benchmarks rebuild the shape here; keep the two alike.
 */
final class NotificationIqShape {

    private NotificationIqShape() {}

    /** The payload, built once per notification and shared by all its recipients. */
    static Element payload(String id) {
        return Element.builder("notification", Namespaces.NOTIFICATION)
                .textChild("id", id)
                .textChild("apiKey", "initial")
                .textChild("title", "Hello")
                .textChild("message", "You have mail")
                .textChild("uri", "https://example.com/inbox/42")
                .textChild("sent", "2026-11-24T12:00:00Z")
                .textChild("priority", "normal")
                .textChild("ttl", "86400")
                .build();
    }

    /** The IQ for one session. */
    static Element iq(String id, Element payload, String to) {
        return Element.builder("iq", Namespaces.CLIENT)
                .attribute("type", "set")
                .attribute("id", id)
                .attribute("from", "localhost")
                .attribute("to", to)
                .child(payload)
                .build();
    }

    static Element iq(String id, String to) {
        return iq(id, payload(id), to);
    }
}
