package org.xpush.client;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.IQProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * Parses {@code <notification xmlns='androidpn:iq:notification'>} (README "The notification IQ"): androidpn's
 * {@code id}, {@code apiKey}, {@code title}, {@code message}, {@code uri}, and xpush's {@code sent} (ISO-8601
 * instant), {@code priority}, {@code ttl} (seconds), {@code collapseKey} and {@code data} with its
 * {@code <entry key='k'>v</entry>} children.
 *
 * <p>Lenient by design: a provider that throws makes Smack close the connection, and the server would send the
 * same IQ again at the next login, forever. So unknown children are skipped (newer servers may add some),
 * unreadable values become absent, and text inside unexpected nested elements is ignored. Stateless and
 * thread-safe.
 */
final class NotificationIqProvider extends IQProvider<NotificationIq> {

    private static final Logger log = Logger.getLogger(NotificationIqProvider.class.getName());

    @Override
    public NotificationIq parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
            throws XmlPullParserException, IOException {
        Notification.Builder n = Notification.builder();
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.START_ELEMENT && parser.getDepth() == initialDepth + 1) {
                String name = parser.getName();
                switch (name) {
                    case "data":
                        readData(parser, n);
                        break;
                    case "id":
                        n.id(text(parser).trim());
                        break;
                    case "apiKey":
                        n.apiKey(text(parser).trim());
                        break;
                    case "title":
                        n.title(text(parser));
                        break;
                    case "message":
                        n.message(text(parser));
                        break;
                    case "uri":
                        n.uri(text(parser).trim());
                        break;
                    case "sent":
                        n.sent(instant(text(parser)));
                        break;
                    case "priority":
                        n.priority(Notification.Priority.parse(text(parser)));
                        break;
                    case "ttl":
                        n.ttl(seconds(text(parser)));
                        break;
                    case "collapseKey":
                        n.collapseKey(text(parser).trim());
                        break;
                    default:
                        text(parser); // skip an element this client does not know
                }
            } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                break;
            } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                throw new XmlPullParserException("the notification element is not closed");
            }
        }
        Notification notification = n.build();
        if (notification.id() == null || notification.id().isEmpty()) {
            log.warning("a notification without <id/> arrived; it cannot be checked for duplicates");
        }
        return new NotificationIq(notification);
    }

    /** {@code <data><entry key='k'>v</entry>…</data>}; the parser is on {@code <data>} and ends on {@code </data>}. */
    private static void readData(XmlPullParser parser, Notification.Builder n) throws XmlPullParserException, IOException {
        int depth = parser.getDepth();
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.START_ELEMENT && parser.getDepth() == depth + 1) {
                String key = "entry".equals(parser.getName()) ? attribute(parser, "key") : null;
                String value = text(parser);
                if (key != null) n.data(key, value);
            } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == depth) {
                return;
            } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                throw new XmlPullParserException("the data element is not closed");
            }
        }
    }

    /**
     * The text directly inside the current element (the parser is on its start tag), skipping any nested
     * elements; the parser ends on the element's end tag.
     */
    static String text(XmlPullParser parser) throws XmlPullParserException, IOException {
        int depth = parser.getDepth();
        StringBuilder sb = new StringBuilder();
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.TEXT_CHARACTERS && parser.getDepth() == depth) {
                sb.append(parser.getText());
            } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == depth) {
                return sb.toString();
            } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                throw new XmlPullParserException("element not closed");
            }
        }
    }

    private static String attribute(XmlPullParser parser, String name) {
        for (int i = 0; i < parser.getAttributeCount(); i++) {
            if (name.equals(parser.getAttributeName(i))) return parser.getAttributeValue(i);
        }
        return null;
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s.trim());
        } catch (DateTimeParseException e) {
            log.log(Level.FINE, "unreadable <sent/>; left out", e);
            return null;
        }
    }

    private static Duration seconds(String s) {
        try {
            long v = Long.parseLong(s.trim());
            return v < 0 ? null : Duration.ofSeconds(v);
        } catch (NumberFormatException e) {
            log.log(Level.FINE, "unreadable <ttl/>; left out", e);
            return null;
        }
    }
}
