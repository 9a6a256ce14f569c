package org.xpush.xmpp.stream;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.xpush.xmpp.xml.Element;

/** What an {@link XmlStreamDecoder} delivers: the stream header, each top-level element, and the end of the stream. */
public sealed interface StreamEvent permits StreamEvent.Open, StreamEvent.Stanza, StreamEvent.Close {

    /**
     * The stream header {@code <stream:stream ...>} (RFC 6120 §4.7).
     *
     * @param attributes       qualified name to value in document order, e.g. {@code to}, {@code from},
     *                         {@code version}, {@code xml:lang}, {@code id}; namespace declarations excluded.
     *                         Unmodifiable.
     * @param defaultNamespace the default namespace declared on the header ("" if none)
     */
    record Open(Map<String, String> attributes, String defaultNamespace) implements StreamEvent {
        public Open {
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
            Objects.requireNonNull(defaultNamespace, "defaultNamespace");
        }
    }

    /** One complete top-level (depth 1) element: a stanza, or a nonza such as {@code <starttls/>}, {@code <auth/>}, {@code <r/>}. */
    record Stanza(Element element) implements StreamEvent {
        public Stanza {
            Objects.requireNonNull(element, "element");
        }
    }

    /** {@code </stream:stream>} was received (RFC 6120 §4.4). */
    record Close() implements StreamEvent {}
}
