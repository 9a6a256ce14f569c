package org.xpush.xmpp.stream;

import java.util.ArrayList;
import javax.xml.stream.XMLStreamReader;
import org.xpush.xmpp.xml.Element;

/**
 * Builds the {@link Element} tree of one top-level element from StAX events: a stack of open builders and the
 * text that has arrived for the innermost one. Used by {@link XmlStreamDecoder} only, on its thread.
 *
 * <p>Names: elements get their local name and resolved namespace URI (a prefix is dropped). Attributes keep the
 * name as written when unprefixed or in the {@code xml} namespace ({@code xml:lang}); an attribute with any other
 * prefix {@code p} is kept as {@code p:local} and the element also gets {@code xmlns:p} = its namespace URI,
 * inserted just before the first attribute that uses {@code p}, so that {@link Element#toXml} stays valid XML.
 */
final class ElementAssembler {

    private static final String XML_PREFIX = "xml";
    private static final String XML_LANG = "xml:lang";
    private static final String XMLNS_COLON = "xmlns:";
    /** A text buffer that grew larger than this (a long body) is dropped after use rather than kept while idle. */
    private static final int RETAINED_TEXT_CAPACITY = 1024;

    private final ArrayList<Element.Builder> open = new ArrayList<>(8);
    /**
     * Text of the innermost open element since its last child. Collected here rather than in the builder, whose
     * text merge concatenates Strings: the parser delivers text in one piece per fed chunk, and a body trickled in
     * byte by byte would otherwise cost quadratic time.
     */
    private StringBuilder text = new StringBuilder(64);

    /** Number of open elements: 0 between stanzas, 1 inside a stanza, and so on. */
    int depth() {
        return open.size();
    }

    /** Opens an element at the reader's START_ELEMENT. */
    void startElement(XMLStreamReader r) {
        flushText();
        Element.Builder b = Element.builder(r.getLocalName(), orEmpty(r.getNamespaceURI()));
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String prefix = r.getAttributePrefix(i);
            if (prefix != null && !prefix.isEmpty() && !XML_PREFIX.equals(prefix)) {
                // Set again (in place, same value) for a second attribute with this prefix.
                b.attribute(XMLNS_COLON + prefix, r.getAttributeNamespace(i));
            }
            b.attribute(qualifiedAttributeName(r, i), r.getAttributeValue(i));
        }
        open.add(b);
    }

    /** Appends the reader's CHARACTERS, CDATA or SPACE to the innermost open element. */
    void characters(XMLStreamReader r) {
        text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
    }

    /** Closes the innermost element at the reader's END_ELEMENT; returns it when it was top-level, else null. */
    Element endElement() {
        flushText();
        Element done = open.remove(open.size() - 1).build();
        if (open.isEmpty()) return done;
        open.get(open.size() - 1).child(done);
        return null;
    }

    /** Drops any partial element (stream restart, error, close). */
    void clear() {
        open.clear();
        text = new StringBuilder(64);
    }

    /**
     * The attribute's name as xpush keeps it: {@code local} when unprefixed, else {@code prefix:local}
     * ({@code xml:lang} without allocating).
     */
    static String qualifiedAttributeName(XMLStreamReader r, int index) {
        String local = r.getAttributeLocalName(index);
        String prefix = r.getAttributePrefix(index);
        if (prefix == null || prefix.isEmpty()) return local;
        if (XML_PREFIX.equals(prefix) && "lang".equals(local)) return XML_LANG;
        // Rare (extension attributes): the only per-event concatenation, and only for prefixed names.
        return prefix + ':' + local;
    }

    private void flushText() {
        if (text.isEmpty()) return;
        open.get(open.size() - 1).text(text.toString());
        if (text.capacity() > RETAINED_TEXT_CAPACITY) {
            text = new StringBuilder(64);
        } else {
            text.setLength(0);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
