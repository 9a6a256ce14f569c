package org.xpush.xmpp.xml;

/** Character data inside an element, unescaped. */
public record Text(String value) implements Node {

    public Text {
        if (value == null) throw new IllegalArgumentException("text must not be null");
    }

    @Override
    public void writeTo(StringBuilder out, String parentNamespace) {
        XmlEscape.text(value, out);
    }
}
