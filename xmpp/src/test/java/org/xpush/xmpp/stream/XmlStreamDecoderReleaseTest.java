package org.xpush.xmpp.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link XmlStreamDecoder#releaseParser()}: an idle connection holds no parser, and the stream goes on intact. */
class XmlStreamDecoderReleaseTest {

    private final List<StreamEvent> events = new ArrayList<>();

    private void feed(XmlStreamDecoder decoder, String xml) throws StreamErrorException {
        byte[] bytes = xml.getBytes(UTF_8);
        decoder.feed(bytes, 0, bytes.length, events::add);
    }

    @Test
    void releasedBetweenStanzasAndTheStreamGoesOnWithItsNamespaces() throws StreamErrorException {
        XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);
        assertThat(decoder.releaseParser()).as("before the header").isFalse();
        feed(decoder, XmlStreamDecoderTest.HEADER);
        assertThat(decoder.releaseParser()).as("right after the header").isTrue();
        assertThat(decoder.holdsParser()).isFalse();
        assertThat(decoder.releaseParser()).as("already released").isFalse();

        feed(decoder, "<message to='a@b'><body>one</body></message>");
        assertThat(decoder.holdsParser()).isTrue();
        assertThat(decoder.releaseParser()).isTrue();
        feed(decoder, "<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq></stream:stream>");

        assertThat(events).hasSize(4);
        assertThat(events.get(1)).isInstanceOfSatisfying(StreamEvent.Stanza.class, s -> {
            assertThat(s.element().name()).isEqualTo("message");
            assertThat(s.element().namespace()).isEqualTo("jabber:client");
        });
        assertThat(events.get(2)).isInstanceOfSatisfying(StreamEvent.Stanza.class, s -> {
            assertThat(s.element().namespace()).as("default namespace of the stream kept").isEqualTo("jabber:client");
            assertThat(s.element().children()).hasSize(1);
        });
        assertThat(events.get(3)).isInstanceOf(StreamEvent.Close.class);
    }

    @Test
    void neverReleasedInsideAStanzaACharacterOrUnreportedWhitespace() throws StreamErrorException {
        XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);
        feed(decoder, XmlStreamDecoderTest.HEADER + "<message><body>ha");
        assertThat(decoder.releaseParser()).as("inside a stanza").isFalse();
        feed(decoder, "lf</body></message>");
        assertThat(decoder.releaseParser()).isTrue();

        byte[] euro = "<message><body>\u20ac</body></message>".getBytes(UTF_8);
        decoder.feed(euro, 0, 16, events::add); // ends inside the 3-byte character
        assertThat(decoder.releaseParser()).as("inside a character").isFalse();
        decoder.feed(euro, 16, euro.length - 16, events::add);
        assertThat(decoder.releaseParser()).isTrue();

        feed(decoder, " ");
        decoder.releaseParser(); // the parser may not have reported the space yet: released only if it has
        feed(decoder, "<presence/>");
        assertThat(events).filteredOn(StreamEvent.Stanza.class::isInstance).hasSize(3);
    }

    @Test
    void stanzaSizeIsStillCountedFromTheStanzasStartAfterARelease() throws StreamErrorException {
        String stanza = "<message><body>" + "x".repeat(60) + "</body></message>"; // 87 bytes
        XmlStreamDecoder decoder = new XmlStreamDecoder(new DecoderLimits(100, 8, 8, 4096));
        feed(decoder, XmlStreamDecoderTest.HEADER);
        for (int i = 0; i < 3; i++) {
            decoder.releaseParser();
            feed(decoder, stanza); // fits the limit every time, however long the stream
        }
        assertThat(events).hasSize(4);

        decoder.releaseParser();
        StreamErrorException e = catchThrowableOfType(StreamErrorException.class,
                () -> feed(decoder, "<message><body>" + "x".repeat(90) + "</body></message>"));
        assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void notReleasedAfterTheStreamEndedOrFailed() throws StreamErrorException {
        XmlStreamDecoder closed = new XmlStreamDecoder(DecoderLimits.DEFAULT);
        feed(closed, XmlStreamDecoderTest.HEADER + "</stream:stream>");
        assertThat(closed.releaseParser()).isFalse();

        XmlStreamDecoder failed = new XmlStreamDecoder(DecoderLimits.DEFAULT);
        catchThrowableOfType(StreamErrorException.class, () -> feed(failed, XmlStreamDecoderTest.HEADER + "<a></b>"));
        assertThat(failed.releaseParser()).isFalse();
    }
}
