package org.xpush.server.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.xpush.server.session.PreparedIq;
import org.xpush.xmpp.Jid;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;

class OutboundEncoderTest {

    /** What the encoder writes for one message. */
    private static String encode(Object msg) {
        EmbeddedChannel ch = new EmbeddedChannel(OutboundEncoder.INSTANCE);
        ch.writeOutbound(msg);
        ByteBuf out = ch.readOutbound();
        try {
            return out.toString(UTF_8);
        } finally {
            out.release();
            ch.finishAndReleaseAll();
        }
    }

    private static Element payload(String title, String dataValue) {
        return Element.builder("notification", Namespaces.NOTIFICATION)
                .textChild("id", "n1")
                .textChild("title", title)
                .child(Element.builder("data", Namespaces.NOTIFICATION)
                        .child(Element.builder("entry", Namespaces.NOTIFICATION).attribute("key", "k'\"").text(dataValue).build())
                        .build())
                .build();
    }

    @Test
    void preparedIqIsWrittenAsTheElementItStandsFor() {
        PreparedIq.SharedChild child = new PreparedIq.SharedChild(payload("Grüße <&> \r\n", "a\tb"));
        PreparedIq iq = new PreparedIq("set", "id'&\"<", "example.org", new Jid("user", "example.org", "res/1 'x'"), child);

        String written = encode(iq);

        assertThat(written).isEqualTo(encode(iq.toElement()));
        assertThat(written).startsWith("<iq type=\"set\" id=\"id&apos;&amp;&quot;&lt;\" from=\"example.org\" "
                + "to=\"user@example.org/res/1 &apos;x&apos;\"><notification xmlns=\"androidpn:iq:notification\">");
        assertThat(written).endsWith("</notification></iq>");
    }

    @Test
    void preparedIqToABareDomainOrBareJid() {
        PreparedIq.SharedChild child = new PreparedIq.SharedChild(payload("t", "v"));
        for (Jid to : new Jid[] {new Jid(null, "example.org", null), new Jid("u", "example.org", null)}) {
            PreparedIq iq = new PreparedIq("set", "i", "example.org", to, child);
            assertThat(encode(iq)).isEqualTo(encode(iq.toElement()));
        }
    }

    @Test
    void oneSharedChildServesManyRecipients() {
        PreparedIq.SharedChild child = new PreparedIq.SharedChild(payload("t", "v"));
        String a = encode(new PreparedIq("set", "i", "d", new Jid("a", "d", "r"), child));
        String b = encode(new PreparedIq("set", "i", "d", new Jid("b", "d", "r"), child));
        assertThat(a.replace("to=\"a@", "to=\"b@")).isEqualTo(b);
    }

    @Property(tries = 300)
    void preparedIqEqualsTheElementForAnyText(@ForAll @StringLength(max = 40) String id,
            @ForAll @StringLength(min = 1, max = 20) String resource, @ForAll @StringLength(max = 60) String title) {
        PreparedIq iq = new PreparedIq("set", id, "example.org", new Jid("user", "example.org", resource),
                new PreparedIq.SharedChild(payload(title, id)));
        assertThat(encode(iq)).isEqualTo(encode(iq.toElement()));
    }
}
