package org.xpush.xmpp.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ElementTest {

    @Test
    void serialisesNamespaceOnlyWhereItChanges() {
        Element iq = Element.builder("iq", "jabber:client")
                .attribute("type", "result")
                .child(Element.builder("query", "jabber:iq:version").textChild("name", "xpush").build())
                .child(Element.of("x", "jabber:client"))
                .build();

        assertThat(iq.toXml("jabber:client")).isEqualTo(
                "<iq type=\"result\"><query xmlns=\"jabber:iq:version\"><name>xpush</name></query><x/></iq>");
        assertThat(iq.toXml()).startsWith("<iq xmlns=\"jabber:client\" type=\"result\">");
    }

    @Test
    void undeclaresTheDefaultNamespaceForAChildWithoutOne() {
        Element e = Element.builder("a", "urn:a").child(Element.of("b", "")).build();

        assertThat(e.toXml()).isEqualTo("<a xmlns=\"urn:a\"><b xmlns=\"\"/></a>");
    }

    @Test
    void escapesTextAndAttributeValues() {
        Element e = Element.builder("body", "jabber:client")
                .attribute("v", "<&>\"'\n\r\t")
                .text("a<b & c>d \"'")
                .build();

        assertThat(e.toXml("jabber:client")).isEqualTo(
                "<body v=\"&lt;&amp;&gt;&quot;&apos;&#10;&#13;&#9;\">a&lt;b &amp; c&gt;d \"'</body>");
    }

    @Test
    void builderMergesAdjacentTextAndSkipsEmptyText() {
        Element e = Element.builder("a", "").text("x").text("").text("y").child(Element.of("b", "")).text("z").build();

        assertThat(e.children()).containsExactly(new Text("xy"), Element.of("b", ""), new Text("z"));
        assertThat(e.text()).isEqualTo("xyz");
    }

    @Test
    void withAttributeReplacesAppendsRemovesAndLeavesTheOriginalAlone() {
        Element original = Element.builder("message", "jabber:client").attribute("to", "a").attribute("id", "1").build();

        Element replaced = original.withAttribute("to", "b");
        Element appended = original.withAttribute("from", "c");
        Element removed = original.withAttribute("to", null);

        assertThat(replaced.attributes()).containsExactly(Map.entry("to", "b"), Map.entry("id", "1"));
        assertThat(appended.attributes())
                .containsExactly(Map.entry("to", "a"), Map.entry("id", "1"), Map.entry("from", "c"));
        assertThat(removed.attributes()).containsExactly(Map.entry("id", "1"));
        assertThat(original.attributes()).containsExactly(Map.entry("to", "a"), Map.entry("id", "1"));
        assertThat(original.withAttribute("to", "a")).isSameAs(original);
        assertThat(original.withAttribute("absent", null)).isSameAs(original);
    }

    @Test
    void findsChildrenByNameAndNamespace() {
        Element iq = Element.builder("iq", "jabber:client")
                .child(Element.builder("bind", "urn:ietf:params:xml:ns:xmpp-bind").textChild("resource", "r").build())
                .build();

        Element bind = iq.child("bind", "urn:ietf:params:xml:ns:xmpp-bind");
        assertThat(bind).isNotNull();
        assertThat(bind.childText("resource")).isEqualTo("r");
        assertThat(iq.child("bind")).isNull(); // not in jabber:client
        assertThat(iq.firstElement()).contains(bind);
    }

    @Test
    void equalityCoversNameNamespaceAttributesAndChildren() {
        Element a = Element.builder("a", "urn:x").attribute("k", "v").text("t").build();

        assertThat(a).isEqualTo(Element.builder("a", "urn:x").attribute("k", "v").text("t").build());
        assertThat(a).hasSameHashCodeAs(Element.builder("a", "urn:x").attribute("k", "v").text("t").build());
        assertThat(a).isNotEqualTo(a.withNamespace("urn:y"));
        assertThat(a).isNotEqualTo(a.withAttribute("k", "w"));
        assertThat(a).isNotEqualTo(Element.builder("a", "urn:x").attribute("k", "v").text("u").build());
        assertThat(a.toBuilder().build()).isEqualTo(a);
    }

    @Test
    void refusesEmptyNames() {
        assertThatThrownBy(() -> Element.of("", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Element.builder("a", "").attribute("", "v")).isInstanceOf(IllegalArgumentException.class);
    }
}
