package org.xpush.xmpp.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;

/**
 * The decoder's fast path for the stanza a push server receives most: a device's acknowledgement,
 * {@code <iq type='result' id='…'/>} (and, from a client with stream management, {@code <a xmlns='urn:xmpp:sm:3'
 * h='…'/>}), arriving alone in one read on a connection that has been quiet.
 * Parsing it with Aalto costs a fresh parser when the connection's was dropped for rest (about 3 KB and a
 * microsecond); this recognises such an element directly in the received bytes.
 *
 * <p>It accepts only a complete, empty, top-level element written in a small subset of XML, and declines
 * (returns -1) everything else, which then goes to the parser as usual:
 * <ul>
 *   <li>element and attribute names of ASCII letters, digits, {@code _ . -}, starting with a letter or
 *       {@code _}, no prefix (no {@code :}), not starting with {@code xml} in any case;</li>
 *   <li>attribute values in {@code '} or {@code "} of printable ASCII (0x20 to 0x7E) other than {@code <},
 *       {@code &} and the quote, so that no entity, character reference or normalisation applies;</li>
 *   <li>whitespace (space, tab, CR, LF) only where XML allows it: before each attribute (required), around
 *       {@code =}, before {@code />};</li>
 *   <li>at most one {@code xmlns}, whose value (any, {@code ''} included) is the element's namespace; without
 *       one the element is in the stream's default namespace, {@code jabber:client} (the decoder accepts no
 *       other default). A namespace declaration is not an attribute of the element;</li>
 *   <li>no attribute twice, at most {@value #MAX_ATTRIBUTES} of them (and not more than
 *       {@link DecoderLimits#maxAttributes()}), at most {@link DecoderLimits#maxStanzaBytes()} bytes in all.</li>
 * </ul>
 * What it accepts is well-formed XML that the parser turns into the same {@link Element}; the decoder's
 * property test checks both claims on generated and arbitrary input. Stateless; any thread.
 */
final class FlatElementScanner {

    private static final int NOT_FLAT = -1;
    /** More attributes than an ack or a ping has: such elements go to the parser. */
    static final int MAX_ATTRIBUTES = 8;
    /** Names and namespaces met in acks and pings, returned as constants rather than new Strings. */
    private static final String[] COMMON = {"iq", "type", "id", "to", "from", "result", "error", "message",
            "presence", "a", "r", "h", Namespaces.CLIENT, Namespaces.SM};

    private FlatElementScanner() {
    }

    /**
     * The length of the flat element that starts at {@code pos} and ends before {@code end}, or -1 when the bytes
     * there are anything else (see the class comment). Reads {@code buf} by absolute index; changes nothing.
     */
    static int measure(ByteBuffer buf, int pos, int end, DecoderLimits limits) {
        int stop = (int) Math.min(end, (long) pos + limits.maxStanzaBytes());
        if (pos >= stop || buf.get(pos) != '<') return NOT_FLAT;
        int i = nameEnd(buf, pos + 1, stop);
        if (i < 0 || startsWithXml(buf, pos + 1, i)) return NOT_FLAT;
        int[] names = new int[2 * MAX_ATTRIBUTES]; // start and end of each attribute name, for duplicates
        int attributes = 0;
        boolean namespaceDeclared = false;
        while (true) {
            int next = space(buf, i, stop);
            if (next >= stop) return NOT_FLAT;
            if (buf.get(next) == '/') {
                if (next + 1 >= stop || buf.get(next + 1) != '>') return NOT_FLAT;
                // the limit counts namespace declarations too; the parser reports a violation
                return attributes + (namespaceDeclared ? 1 : 0) <= limits.maxAttributes() ? next + 2 - pos : NOT_FLAT;
            }
            if (next == i) return NOT_FLAT; // an attribute must follow whitespace
            int nameEnd = nameEnd(buf, next, stop);
            if (nameEnd < 0) return NOT_FLAT;
            int valueStart = valueStart(buf, nameEnd, stop);
            int valueEnd = valueStart < 0 ? NOT_FLAT : valueEnd(buf, valueStart, stop);
            if (valueEnd < 0) return NOT_FLAT;
            if (isXmlns(buf, next, nameEnd)) {
                if (namespaceDeclared) return NOT_FLAT; // not well-formed: the parser reports it
                namespaceDeclared = true;
            } else {
                if (startsWithXml(buf, next, nameEnd) || attributes == MAX_ATTRIBUTES) return NOT_FLAT;
                for (int a = 0; a < attributes; a++) {
                    int start = names[2 * a];
                    if (names[2 * a + 1] - start == nameEnd - next && sameBytes(buf, start, next, nameEnd - next)) {
                        return NOT_FLAT; // not well-formed: the parser reports it
                    }
                }
                names[2 * attributes] = next;
                names[2 * attributes + 1] = nameEnd;
                attributes++;
            }
            i = valueEnd + 1; // after the closing quote
        }
    }

    /**
     * The element {@link #measure} accepted at {@code pos}: in the namespace its {@code xmlns} names, else in
     * {@code jabber:client}, the stream's default. Only for bytes it accepted: this one trusts them.
     */
    static Element build(ByteBuffer buf, int pos, int length) {
        int end = pos + length;
        int nameEnd = nameEnd(buf, pos + 1, end);
        String namespace = Namespaces.CLIENT;
        String[] attributes = new String[2 * MAX_ATTRIBUTES];
        int n = 0;
        int i = nameEnd;
        while (true) {
            i = space(buf, i, end);
            if (buf.get(i) == '/') break;
            int attributeEnd = nameEnd(buf, i, end);
            int valueStart = valueStart(buf, attributeEnd, end);
            int valueEnd = valueEnd(buf, valueStart, end);
            if (isXmlns(buf, i, attributeEnd)) {
                namespace = string(buf, valueStart, valueEnd);
            } else {
                attributes[n++] = string(buf, i, attributeEnd);
                attributes[n++] = string(buf, valueStart, valueEnd);
            }
            i = valueEnd + 1;
        }
        Element.Builder b = Element.builder(string(buf, pos + 1, nameEnd), namespace);
        for (int a = 0; a < n; a += 2) b.attribute(attributes[a], attributes[a + 1]);
        return b.build();
    }

    /** End of the name of the accepted kind (see the class comment) that starts at {@code i}, or -1. */
    private static int nameEnd(ByteBuffer buf, int i, int stop) {
        if (i >= stop || !isNameStart(buf.get(i))) return NOT_FLAT;
        int j = i + 1;
        while (j < stop && isNameChar(buf.get(j))) j++;
        return j;
    }

    /** Names starting with {@code xml} in any case are reserved (XML 1.0 §2.3); the parser judges them. */
    private static boolean startsWithXml(ByteBuffer buf, int start, int end) {
        return end - start >= 3 && (buf.get(start) | 0x20) == 'x' && (buf.get(start + 1) | 0x20) == 'm'
                && (buf.get(start + 2) | 0x20) == 'l';
    }

    /** After {@code S? = S? quote} following an attribute name ending at {@code i}: the value's first byte, or -1. */
    private static int valueStart(ByteBuffer buf, int i, int stop) {
        i = space(buf, i, stop);
        if (i >= stop || buf.get(i) != '=') return NOT_FLAT;
        i = space(buf, i + 1, stop);
        if (i >= stop) return NOT_FLAT;
        byte quote = buf.get(i);
        return quote == '\'' || quote == '"' ? i + 1 : NOT_FLAT;
    }

    /** Index of the closing quote of the value starting at {@code i} (its quote is the byte before), or -1. */
    private static int valueEnd(ByteBuffer buf, int i, int stop) {
        byte quote = buf.get(i - 1);
        for (int j = i; j < stop; j++) {
            byte b = buf.get(j);
            if (b == quote) return j;
            if (b < 0x20 || b > 0x7e || b == '<' || b == '&') return NOT_FLAT; // bytes are signed: non-ASCII < 0
        }
        return NOT_FLAT;
    }

    private static int space(ByteBuffer buf, int i, int stop) {
        while (i < stop && isSpace(buf.get(i))) i++;
        return i;
    }

    private static boolean isXmlns(ByteBuffer buf, int start, int end) {
        return end - start == 5 && equalsAscii(buf, start, end, "xmlns");
    }

    private static boolean equalsAscii(ByteBuffer buf, int start, int end, String s) {
        if (end - start != s.length()) return false;
        for (int j = 0; j < s.length(); j++) {
            if (buf.get(start + j) != s.charAt(j)) return false;
        }
        return true;
    }

    private static boolean sameBytes(ByteBuffer buf, int a, int b, int length) {
        for (int j = 0; j < length; j++) {
            if (buf.get(a + j) != buf.get(b + j)) return false;
        }
        return true;
    }

    private static String string(ByteBuffer buf, int start, int end) {
        for (String common : COMMON) {
            if (equalsAscii(buf, start, end, common)) return common;
        }
        byte[] bytes = new byte[end - start];
        buf.get(start, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\t' || b == '\r';
    }

    private static boolean isNameStart(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
    }

    private static boolean isNameChar(byte b) {
        return isNameStart(b) || (b >= '0' && b <= '9') || b == '-' || b == '.';
    }
}
