package org.xpush.server.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import org.junit.jupiter.api.Test;
import org.xpush.xmpp.stream.DecoderLimits;
import org.xpush.xmpp.stream.StreamEvent;

/** The handler drops its parser on a reader-idle event, and decoding goes on with the next bytes. */
class XmlStreamHandlerTest {

    private static final String HEADER = "<stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>";

    // a new handler and channel per test (JUnit makes one instance per test method)
    private final XmlStreamHandler handler = new XmlStreamHandler(DecoderLimits.DEFAULT);
    private final EmbeddedChannel channel = new EmbeddedChannel(handler);

    /** The bytes of {@code xml} arrive in one read. */
    private void read(String xml) {
        channel.writeInbound(Unpooled.copiedBuffer(xml, UTF_8));
    }

    private void idle(IdleStateEvent event) {
        channel.pipeline().fireUserEventTriggered(event);
    }

    @Test
    void readerIdleDropsTheParserBetweenStanzasOnlyAndDecodingGoesOn() {
        read(HEADER + "<presence/><message><body>par");

        idle(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertThat(handler.holdsParser()).as("inside a stanza").isTrue();

        read("tial</body></message>");
        idle(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(handler.holdsParser()).as("between stanzas").isFalse();
        idle(IdleStateEvent.FIRST_WRITER_IDLE_STATE_EVENT);

        read("<iq type='get' id='p'/>");
        assertThat(handler.holdsParser()).as("the first read after a rest rests again").isFalse();
        assertThat((Object) channel.readInbound()).isInstanceOf(StreamEvent.Open.class);
        for (String name : new String[] {"presence", "message", "iq"}) {
            StreamEvent.Stanza stanza = channel.readInbound();
            assertThat(stanza.element().name()).isEqualTo(name);
        }
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void theFirstReadAfterARestDropsItsParserAgainAndTheSecondKeepsIt() {
        read(HEADER + "<presence/>");
        idle(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertThat(handler.holdsParser()).isFalse();

        // stanzas with a child: an ack with attributes only is read without any parser (FlatElementScanner)
        read("<iq type='result' id='n1'><x/></iq>");
        assertThat(handler.holdsParser()).as("one stanza after a rest: resting again").isFalse();
        read("<iq type='result' id='n2'><x/></iq>");
        assertThat(handler.holdsParser()).as("a second read: the connection is talking").isTrue();

        // idle again, and again with the parser already dropped: the next read still rests after it
        idle(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        idle(IdleStateEvent.READER_IDLE_STATE_EVENT);
        read("<iq type='result' id='n3'><x/></iq>");
        assertThat(handler.holdsParser()).isFalse();

        // a first read after a rest that stops inside a stanza keeps the parser, and the stanza completes
        idle(IdleStateEvent.READER_IDLE_STATE_EVENT);
        read("<message><body>sp");
        assertThat(handler.holdsParser()).isTrue();
        read("lit</body></message>");

        assertThat((Object) channel.readInbound()).isInstanceOf(StreamEvent.Open.class);
        for (String id : new String[] {null, "n1", "n2", "n3"}) {
            StreamEvent.Stanza stanza = channel.readInbound();
            assertThat(stanza.element().attribute("id")).isEqualTo(id);
        }
        StreamEvent.Stanza message = channel.readInbound();
        assertThat(message.element().child("body").text()).isEqualTo("split");
        assertThat(channel.finish()).isFalse();
    }
}
