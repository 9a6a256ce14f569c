package org.xpush.xmpp.xml;

/** A node of a parsed stanza tree: an {@link Element} or a {@link Text}. Immutable, so safe to share across threads. */
public sealed interface Node permits Element, Text {

    /** Appends this node as XML to {@code out}; {@code parentNamespace} decides whether an {@code xmlns} is needed. */
    void writeTo(StringBuilder out, String parentNamespace);
}
