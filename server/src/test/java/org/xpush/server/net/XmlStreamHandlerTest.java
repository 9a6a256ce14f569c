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

    @Test
    void readerIdleDropsTheParserBetweenStanzasOnlyAndDecodingGoesOn() {
        XmlStreamHandler handler = new XmlStreamHandler(DecoderLimits.DEFAULT);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channel.writeInbound(Unpooled.copiedBuffer(HEADER + "<presence/><message><body>par", UTF_8));

        channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertThat(handler.holdsParser()).as("inside a stanza").isTrue();

        channel.writeInbound(Unpooled.copiedBuffer("tial</body></message>", UTF_8));
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(handler.holdsParser()).as("between stanzas").isFalse();
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_WRITER_IDLE_STATE_EVENT);

        channel.writeInbound(Unpooled.copiedBuffer("<iq type='get' id='p'/>", UTF_8));
        assertThat(handler.holdsParser()).isTrue();
        assertThat((Object) channel.readInbound()).isInstanceOf(StreamEvent.Open.class);
        for (String name : new String[] {"presence", "message", "iq"}) {
            StreamEvent.Stanza stanza = channel.readInbound();
            assertThat(stanza.element().name()).isEqualTo(name);
        }
        assertThat(channel.finish()).isFalse();
    }
}
