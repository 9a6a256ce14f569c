package org.xpush.xmpp.xml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable XML element with its resolved namespace: the stanza model of xpush.
 *
 * <p>Compact by design (DESIGN §4: parsed stanzas as compact trees): attributes are a flat array of
 * name/value pairs and children an array of nodes. Attribute names are the qualified names as written,
 * e.g. {@code type} or {@code xml:lang}. Instances are thread-safe; "with" methods return copies.
 */
public final class Element implements Node {

    private static final String[] NO_ATTRIBUTES = new String[0];
    private static final Node[] NO_CHILDREN = new Node[0];

    private final String name;
    private final String namespace;
    private final String[] attributes;
    private final Node[] children;

    private Element(String name, String namespace, String[] attributes, Node[] children) {
        this.name = name;
        this.namespace = namespace;
        this.attributes = attributes;
        this.children = children;
    }

    /** Starts building an element with local name {@code name} in namespace {@code namespace} ("" for none). */
    public static Builder builder(String name, String namespace) {
        return new Builder(name, namespace);
    }

    /** An empty element. */
    public static Element of(String name, String namespace) {
        return new Element(checkName(name), Objects.requireNonNull(namespace, "namespace"), NO_ATTRIBUTES, NO_CHILDREN);
    }

    /** The local name, without prefix. */
    public String name() {
        return name;
    }

    /** The namespace URI, or "" for none. */
    public String namespace() {
        return namespace;
    }

    /** True when this element has the given local name and namespace. */
    public boolean is(String name, String namespace) {
        return this.name.equals(name) && this.namespace.equals(namespace);
    }

    /** The value of the attribute with this qualified name, or null. */
    public String attribute(String qualifiedName) {
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i].equals(qualifiedName)) return attributes[i + 1];
        }
        return null;
    }

    /** The attributes in document order, as an unmodifiable map. */
    public Map<String, String> attributes() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) map.put(attributes[i], attributes[i + 1]);
        return Collections.unmodifiableMap(map);
    }

    /** Number of attributes. */
    public int attributeCount() {
        return attributes.length / 2;
    }

    /** The children (elements and text) in document order; unmodifiable. */
    public List<Node> children() {
        return Collections.unmodifiableList(Arrays.asList(children));
    }

    /** The child elements in document order; unmodifiable. */
    public List<Element> elements() {
        List<Element> list = new ArrayList<>(children.length);
        for (Node n : children) {
            if (n instanceof Element e) list.add(e);
        }
        return Collections.unmodifiableList(list);
    }

    /** The first child element, if any. */
    public Optional<Element> firstElement() {
        for (Node n : children) {
            if (n instanceof Element e) return Optional.of(e);
        }
        return Optional.empty();
    }

    /** The first child element with this name and namespace, or null. */
    public Element child(String name, String namespace) {
        for (Node n : children) {
            if (n instanceof Element e && e.is(name, namespace)) return e;
        }
        return null;
    }

    /** The first child element with this name in this element's namespace, or null. */
    public Element child(String name) {
        return child(name, namespace);
    }

    /** The text of the first child with this name in this element's namespace, or null if there is no such child. */
    public String childText(String name) {
        Element c = child(name);
        return c == null ? null : c.text();
    }

    /** All text directly inside this element, concatenated ("" when none). */
    public String text() {
        String single = null;
        StringBuilder sb = null;
        for (Node n : children) {
            if (n instanceof Text t) {
                if (single == null) {
                    single = t.value();
                } else {
                    if (sb == null) sb = new StringBuilder(single);
                    sb.append(t.value());
                }
            }
        }
        if (sb != null) return sb.toString();
        return single == null ? "" : single;
    }

    /** A copy with the attribute set (replaced, or appended when new); a null value removes it. */
    public Element withAttribute(String qualifiedName, String value) {
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i].equals(qualifiedName)) {
                if (value == null) {
                    String[] copy = new String[attributes.length - 2];
                    System.arraycopy(attributes, 0, copy, 0, i);
                    System.arraycopy(attributes, i + 2, copy, i, attributes.length - i - 2);
                    return new Element(name, namespace, copy, children);
                }
                if (value.equals(attributes[i + 1])) return this;
                String[] copy = attributes.clone();
                copy[i + 1] = value;
                return new Element(name, namespace, copy, children);
            }
        }
        if (value == null) return this;
        String[] copy = Arrays.copyOf(attributes, attributes.length + 2);
        copy[attributes.length] = qualifiedName;
        copy[attributes.length + 1] = value;
        return new Element(name, namespace, copy, children);
    }

    /** A copy in another namespace, children unchanged (e.g. to re-home a stanza parsed under another default). */
    public Element withNamespace(String newNamespace) {
        return newNamespace.equals(namespace) ? this : new Element(name, newNamespace, attributes, children);
    }

    /** A builder that starts as a copy of this element. */
    public Builder toBuilder() {
        Builder b = new Builder(name, namespace);
        for (int i = 0; i < attributes.length; i += 2) b.attribute(attributes[i], attributes[i + 1]);
        for (Node n : children) b.node(n);
        return b;
    }

    /** This element as XML, with an {@code xmlns} on the root unless its namespace is {@code contextNamespace}. */
    public String toXml(String contextNamespace) {
        StringBuilder sb = new StringBuilder(128);
        writeTo(sb, contextNamespace);
        return sb.toString();
    }

    /** This element as a standalone XML fragment (always declares its namespace, if any). */
    public String toXml() {
        return toXml("");
    }

    @Override
    public void writeTo(StringBuilder out, String parentNamespace) {
        out.append('<').append(name);
        if (!namespace.equals(parentNamespace)) {
            out.append(" xmlns=\"");
            XmlEscape.attribute(namespace, out);
            out.append('"');
        }
        for (int i = 0; i < attributes.length; i += 2) {
            out.append(' ').append(attributes[i]).append("=\"");
            XmlEscape.attribute(attributes[i + 1], out);
            out.append('"');
        }
        if (children.length == 0) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (Node n : children) n.writeTo(out, namespace);
        out.append("</").append(name).append('>');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Element e
                && name.equals(e.name)
                && namespace.equals(e.namespace)
                && Arrays.equals(attributes, e.attributes)
                && Arrays.equals(children, e.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, namespace, Arrays.hashCode(attributes), Arrays.hashCode(children));
    }

    /** XML of this element, for debugging; never log it at INFO (stanzas are users' data). */
    @Override
    public String toString() {
        return toXml();
    }

    private static String checkName(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("element name must not be empty");
        return name;
    }

    /** Builds an {@link Element}; not thread-safe. Adjacent text children are merged. */
    public static final class Builder {
        private final String name;
        private final String namespace;
        // created on first use: most elements of a stanza are leaves with text and no attributes, and parsing
        // or building a notification makes a dozen of them per stanza
        private ArrayList<String> attributes;
        private ArrayList<Node> children;

        private Builder(String name, String namespace) {
            this.name = checkName(name);
            this.namespace = Objects.requireNonNull(namespace, "namespace");
        }

        /** Sets an attribute; a null value is skipped, so optional attributes read naturally. */
        public Builder attribute(String qualifiedName, String value) {
            if (value == null) return this;
            if (attributes == null) attributes = new ArrayList<>(4);
            for (int i = 0; i < attributes.size(); i += 2) {
                if (attributes.get(i).equals(qualifiedName)) {
                    attributes.set(i + 1, value);
                    return this;
                }
            }
            attributes.add(checkName(qualifiedName));
            attributes.add(value);
            return this;
        }

        /** Appends a child element. */
        public Builder child(Element child) {
            children().add(Objects.requireNonNull(child, "child"));
            return this;
        }

        private ArrayList<Node> children() {
            if (children == null) children = new ArrayList<>(2);
            return children;
        }

        /** Appends a child node (element or text). */
        public Builder node(Node node) {
            if (node instanceof Text t) return text(t.value());
            return child((Element) node);
        }

        /** Appends all the given children. */
        public Builder children(Iterable<? extends Node> nodes) {
            for (Node n : nodes) node(n);
            return this;
        }

        /** Appends text; merged with a preceding text node, empty text ignored. */
        public Builder text(String text) {
            if (text == null || text.isEmpty()) return this;
            ArrayList<Node> children = children();
            int last = children.size() - 1;
            if (last >= 0 && children.get(last) instanceof Text t) {
                children.set(last, new Text(t.value() + text));
            } else {
                children.add(new Text(text));
            }
            return this;
        }

        /** Appends {@code <name>text</name>} in this element's namespace when text is not null. */
        public Builder textChild(String childName, String text) {
            if (text == null) return this;
            return child(Element.builder(childName, namespace).text(text).build());
        }

        /** Number of children so far. */
        public int childCount() {
            return children == null ? 0 : children.size();
        }

        public Element build() {
            return new Element(
                    name,
                    namespace,
                    attributes == null || attributes.isEmpty() ? NO_ATTRIBUTES : attributes.toArray(NO_ATTRIBUTES),
                    children == null || children.isEmpty() ? NO_CHILDREN : children.toArray(NO_CHILDREN));
        }
    }
}
