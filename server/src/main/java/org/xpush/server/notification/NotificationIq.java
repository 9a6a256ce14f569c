package org.xpush.server.notification;

import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import org.xpush.server.session.PreparedIq;
import org.xpush.xmpp.Jid;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;

/**
 * The notification IQ as androidpn sends it (DESIGN §3.2, ANDROIDPN.md), with xpush's optional extras.
 * An androidpn client reads the text of any element named id, apiKey, title, message or uri at any depth, so the
 * extras never use those names: {@code <sent>} (ISO-8601 instant), {@code <priority>}, {@code <ttl>} (seconds),
 * {@code <collapseKey>}, and {@code <data><entry key='k'>v</entry>…</data>}.
 */
final class NotificationIq {

    private NotificationIq() {}

    /** The {@code <notification/>} payload; the same for every device, so built once per notification. */
    static Element payload(Notification n) {
        Element.Builder b = Element.builder("notification", Namespaces.NOTIFICATION)
                .textChild("id", n.id())
                // androidpn sent its configured API key here; we send the public id of the sender's key, never a secret
                .textChild("apiKey", n.apiKeyId() == null ? "xpush" : n.apiKeyId())
                .textChild("title", n.title() == null ? "" : n.title())
                .textChild("message", n.message() == null ? "" : n.message())
                .textChild("uri", n.uri() == null ? "" : n.uri())
                .textChild("sent", DateTimeFormatter.ISO_INSTANT.format(n.created()))
                .textChild("priority", n.priority().wireName())
                .textChild("ttl", Long.toString(n.ttlSeconds()));
        if (n.collapseKey() != null) b.textChild("collapseKey", n.collapseKey());
        if (!n.data().isEmpty()) {
            Element.Builder data = Element.builder("data", Namespaces.NOTIFICATION);
            for (Map.Entry<String, String> e : new TreeMap<>(n.data()).entrySet()) {
                data.child(Element.builder("entry", Namespaces.NOTIFICATION).attribute("key", e.getKey()).text(e.getValue()).build());
            }
            b.child(data.build());
        }
        return b.build();
    }

    /** The payload serialised once, shared by every device it is sent to. */
    static PreparedIq.SharedChild sharedPayload(Notification n) {
        return new PreparedIq.SharedChild(payload(n));
    }

    /** The IQ for one session; its id is the notification id, which the device's result acknowledges. */
    static PreparedIq iq(Notification n, PreparedIq.SharedChild payload, String domain, Jid to) {
        return new PreparedIq("set", n.id(), domain, to, payload);
    }
}
