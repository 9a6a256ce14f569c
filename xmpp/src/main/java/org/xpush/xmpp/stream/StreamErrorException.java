package org.xpush.xmpp.stream;

import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.XmlEscape;

/**
 * A condition that ends the stream (RFC 6120 §4.9): the one type for stream errors. The server turns it into
 * {@code <stream:error>} followed by {@code </stream:stream>} in exactly one place.
 */
public final class StreamErrorException extends Exception {

    private static final long serialVersionUID = 1L;

    private final StreamErrorCondition condition;
    private final String text;

    /**
     * @param condition the defined condition
     * @param text      a human-readable description sent in {@code <text/>}, or null; never user data
     */
    public StreamErrorException(StreamErrorCondition condition, String text) {
        super(text == null ? condition.elementName() : condition.elementName() + ": " + text, null, false, false);
        this.condition = condition;
        this.text = text;
    }

    public StreamErrorException(StreamErrorCondition condition, String text, Throwable cause) {
        super(text == null ? condition.elementName() : condition.elementName() + ": " + text, cause, false, false);
        this.condition = condition;
        this.text = text;
    }

    public StreamErrorCondition condition() {
        return condition;
    }

    /** The description, or null. */
    public String text() {
        return text;
    }

    /** The {@code <stream:error>} element, with the {@code stream} prefix bound by the stream header. */
    public String toXml() {
        StringBuilder sb = new StringBuilder(160);
        sb.append("<stream:error><").append(condition.elementName())
                .append(" xmlns=\"").append(Namespaces.STREAM_ERRORS).append("\"/>");
        if (text != null) {
            sb.append("<text xmlns=\"").append(Namespaces.STREAM_ERRORS).append("\">");
            XmlEscape.text(text, sb);
            sb.append("</text>");
        }
        sb.append("</stream:error>");
        return sb.toString();
    }
}
