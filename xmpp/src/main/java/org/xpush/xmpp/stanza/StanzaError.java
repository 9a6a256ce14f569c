package org.xpush.xmpp.stanza;

import java.util.Locale;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;

/**
 * A stanza error (RFC 6120 §8.3): the one type for errors returned to the sender of a stanza.
 *
 * @param condition the defined condition
 * @param text      optional human-readable text (never user data), or null
 */
public record StanzaError(Condition condition, String text) {

    /** The error types of RFC 6120 §8.3.2. */
    public enum Type {
        AUTH, CANCEL, CONTINUE, MODIFY, WAIT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The defined conditions of RFC 6120 §8.3.3 with their usual type, and the legacy numeric code of
     * XEP-0086 that pre-2006 clients (Smack 3, hence androidpn) read.
     */
    public enum Condition {
        BAD_REQUEST(Type.MODIFY, 400),
        CONFLICT(Type.CANCEL, 409),
        FEATURE_NOT_IMPLEMENTED(Type.CANCEL, 501),
        FORBIDDEN(Type.AUTH, 403),
        GONE(Type.CANCEL, 302),
        INTERNAL_SERVER_ERROR(Type.WAIT, 500),
        ITEM_NOT_FOUND(Type.CANCEL, 404),
        JID_MALFORMED(Type.MODIFY, 400),
        NOT_ACCEPTABLE(Type.MODIFY, 406),
        NOT_ALLOWED(Type.CANCEL, 405),
        NOT_AUTHORIZED(Type.AUTH, 401),
        POLICY_VIOLATION(Type.MODIFY, 403),
        RECIPIENT_UNAVAILABLE(Type.WAIT, 404),
        REDIRECT(Type.MODIFY, 302),
        REGISTRATION_REQUIRED(Type.AUTH, 407),
        REMOTE_SERVER_NOT_FOUND(Type.CANCEL, 404),
        REMOTE_SERVER_TIMEOUT(Type.WAIT, 504),
        RESOURCE_CONSTRAINT(Type.WAIT, 500),
        SERVICE_UNAVAILABLE(Type.CANCEL, 503),
        SUBSCRIPTION_REQUIRED(Type.AUTH, 407),
        UNDEFINED_CONDITION(Type.CANCEL, 500),
        UNEXPECTED_REQUEST(Type.WAIT, 400);

        private final Type type;
        private final int legacyCode;
        private final String elementName = name().toLowerCase(Locale.ROOT).replace('_', '-');

        Condition(Type type, int legacyCode) {
            this.type = type;
            this.legacyCode = legacyCode;
        }

        public Type type() {
            return type;
        }

        public int legacyCode() {
            return legacyCode;
        }

        public String elementName() {
            return elementName;
        }

        /** The condition with this element name, or null. */
        public static Condition fromElementName(String name) {
            for (Condition c : values()) {
                if (c.elementName.equals(name)) return c;
            }
            return null;
        }
    }

    public static StanzaError of(Condition condition) {
        return new StanzaError(condition, null);
    }

    public static StanzaError of(Condition condition, String text) {
        return new StanzaError(condition, text);
    }

    /** The {@code <error/>} child element (in the stanza's namespace {@code nsOfStanza}). */
    public Element toElement(String nsOfStanza) {
        Element.Builder b = Element.builder("error", nsOfStanza)
                .attribute("type", condition.type().wireName())
                .attribute("code", Integer.toString(condition.legacyCode()))
                .child(Element.of(condition.elementName(), Namespaces.STANZAS));
        if (text != null) {
            b.child(Element.builder("text", Namespaces.STANZAS).text(text).build());
        }
        return b.build();
    }
}
