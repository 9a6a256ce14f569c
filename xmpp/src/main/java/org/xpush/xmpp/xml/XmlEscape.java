package org.xpush.xmpp.xml;

/** Escaping of character data and attribute values for the XML we write (XML 1.0 §2.4, §3.3.3). */
public final class XmlEscape {

    private XmlEscape() {}

    /**
     * Appends {@code s} as character data: {@code & < >} escaped, and carriage return as a character reference
     * (a literal CR would be turned into LF by the reader's line-end normalisation, XML 1.0 §2.11).
     */
    public static void text(String s, StringBuilder out) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
    }

    /** Appends {@code s} as a double-quoted attribute value: also quotes and the whitespace that normalisation would eat. */
    public static void attribute(String s, StringBuilder out) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append("&#9;");
                default -> out.append(c);
            }
        }
    }

    /** Returns {@code s} escaped as character data. */
    public static String text(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        text(s, out);
        return out.toString();
    }
}
