package org.xpush.server.session;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.xpush.xmpp.Jid;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;
import org.xpush.xmpp.xml.XmlEscape;

/**
 * An IQ in the {@code jabber:client} namespace whose one child was serialised once and is shared by many
 * recipients: a notification's payload is the same for every device of a broadcast. The connection's encoder
 * ({@code OutboundEncoder}) writes its start tag from the fields and then the child's bytes, without building an
 * element per recipient.
 * The bytes written are those of {@link #toElement()}.
 *
 * @param type  the IQ type
 * @param id    the IQ id
 * @param from  the {@code from} attribute
 * @param to    the recipient's full JID
 * @param child the shared child
 */
public record PreparedIq(String type, String id, String from, Jid to, SharedChild child) {

    /** An element serialised once, as a child of a {@code jabber:client} stanza. Immutable. */
    public static final class SharedChild {
        private final Element element;
        private final byte[] utf8;

        public SharedChild(Element element) {
            this.element = element;
            this.utf8 = element.toXml(Namespaces.CLIENT).getBytes(UTF_8);
        }

        public Element element() {
            return element;
        }
    }

    /** The same IQ as an element (tests, logs). */
    public Element toElement() {
        return Element.builder("iq", Namespaces.CLIENT)
                .attribute("type", type)
                .attribute("id", id)
                .attribute("from", from)
                .attribute("to", to.toString())
                .child(child.element)
                .build();
    }

    /** Writes the IQ as UTF-8; {@code head} is a reusable builder for the start tag (cleared here). */
    public void writeTo(ByteBuf out, StringBuilder head) {
        head.setLength(0);
        head.append("<iq type=\"");
        XmlEscape.attribute(type, head);
        head.append("\" id=\"");
        XmlEscape.attribute(id, head);
        head.append("\" from=\"");
        XmlEscape.attribute(from, head);
        head.append("\" to=\"");
        if (to.local() != null) {
            XmlEscape.attribute(to.local(), head);
            head.append('@');
        }
        XmlEscape.attribute(to.domain(), head);
        if (to.resource() != null) {
            head.append('/');
            XmlEscape.attribute(to.resource(), head);
        }
        head.append("\">");
        ByteBufUtil.writeUtf8(out, head);
        out.writeBytes(child.utf8);
        out.writeBytes(END);
    }

    private static final byte[] END = "</iq>".getBytes(UTF_8);
}
