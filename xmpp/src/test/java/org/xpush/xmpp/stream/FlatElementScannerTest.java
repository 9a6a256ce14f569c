package org.xpush.xmpp.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;

/** The flat-element fast path: what it takes, what it leaves to the parser, and what that saves. */
class FlatElementScannerTest {

    private static final String HEADER = "<stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>";

    @ParameterizedTest
    @ValueSource(strings = {
        "<iq type='result' id='Qm9uam91ciB4cHVzaA'/>",
        "<iq id=\"n-1\" type=\"result\" to=\"example.com\" xmlns=\"jabber:client\"/>",
        "<iq\ttype = 'result'\r\n id='a\"b>c' />",
        "<presence/>",
        "<a xmlns='urn:xmpp:sm:3' h='12'/>", "<r xmlns='urn:xmpp:sm:3'/>", "<iq xmlns=''/>", "<iq id='1' xmlns='urn:x'/>",
        "<r-1._x a.b='' B='?/>'/>"})
    void takesAFlatElementWhole(String xml) throws Exception {
        ByteBuffer buf = ascii("  " + xml + "<next/>");
        int length = FlatElementScanner.measure(buf, 2, buf.limit(), DecoderLimits.DEFAULT);

        assertThat(length).isEqualTo(xml.length());
        assertThat(FlatElementScanner.build(buf, 2, length)).isEqualTo(parsed(xml));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<iq type='result' id='1'>", // not empty
        "<iq type='result' id='1'", // incomplete
        "<iq type='result' id='1'/", "<iq", "<", "", " <iq/>",
        "<iq a='&amp;'/>", "<iq a='&#65;'/>", "<iq a='x<y'/>", "<iq a='\t'/>", "<iq a='é'/>", // entities, normalisation
        "<iq xmlns='jabber:client' xmlns='jabber:client'/>", "<iq xmlns='urn:&amp;'/>",
        "<iq xmlns:p='urn:p' p:a='1'/>", "<p:iq/>", "<iq xml:lang='en'/>", "<xmlthing/>", "<iq XMLa='1'/>",
        "<iq a='1' a='2'/>", "<iq a='1'b='2'/>", "<iq a=1/>", "<iq a='1\"/>", "<iq a/>", "<iq / >",
        "<1q/>", "<-q/>", "<é/>", "</iq>", "<!-- c -->", "<?pi?>",
        "<iq a='1' b='2' c='3' d='4' e='5' f='6' g='7' h='8' i='9'/>"})
    void leavesAnythingElseToTheParser(String xml) {
        ByteBuffer buf = ByteBuffer.wrap(xml.getBytes(UTF_8));
        assertThat(FlatElementScanner.measure(buf, 0, buf.limit(), DecoderLimits.DEFAULT)).isEqualTo(-1);
    }

    @Test
    void leavesAnElementBeyondTheLimitsToTheParserWhichRefusesIt() throws Exception {
        String xml = "<iq type='result' id='1234567890'/>";
        ByteBuffer buf = ascii(xml);
        assertThat(FlatElementScanner.measure(buf, 0, buf.limit(), new DecoderLimits(xml.length(), 32, 64, 4096)))
                .isEqualTo(xml.length());
        assertThat(FlatElementScanner.measure(buf, 0, buf.limit(), new DecoderLimits(xml.length() - 1, 32, 64, 4096)))
                .isEqualTo(-1);
        assertThat(FlatElementScanner.measure(buf, 0, buf.limit(), new DecoderLimits(100, 32, 1, 4096))).isEqualTo(-1);
        ByteBuffer declared = ascii("<iq xmlns='jabber:client' id='1'/>");
        assertThat(FlatElementScanner.measure(declared, 0, declared.limit(), new DecoderLimits(100, 32, 1, 4096)))
                .as("the namespace declaration counts against the limit, as with the parser").isEqualTo(-1);
    }

    @Test
    void anAckOnARestingConnectionNeedsNoFreshParser() throws Exception {
        XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);
        List<StreamEvent> events = new ArrayList<>();
        feed(decoder, HEADER + "<presence/>", events);
        assertThat(decoder.releaseParser()).isTrue();

        feed(decoder, "<iq type='result' id='n1'/>", events);
        assertThat(decoder.holdsParser()).isFalse();
        feed(decoder, "<iq type='result' id='n2'/><message to='b@example.com'><body>hi</body></message>", events);
        assertThat(decoder.holdsParser()).as("a stanza with content takes the parser").isTrue();

        assertThat(events).extracting(e -> e instanceof StreamEvent.Stanza s ? s.element().toXml(Namespaces.CLIENT) : "open")
                .containsExactly("open", "<presence/>", "<iq type=\"result\" id=\"n1\"/>", "<iq type=\"result\" id=\"n2\"/>",
                        "<message to=\"b@example.com\"><body>hi</body></message>");
    }

    private static ByteBuffer ascii(String s) {
        ByteBuffer direct = ByteBuffer.allocateDirect(s.length()); // Netty hands the decoder direct buffers
        direct.put(s.getBytes(UTF_8)).flip();
        return direct;
    }

    /** The element as the parser makes it. */
    private static Element parsed(String xml) throws StreamErrorException {
        List<StreamEvent> events = new ArrayList<>();
        feed(new XmlStreamDecoder(DecoderLimits.DEFAULT, XmlStreamDecoder.NAMES_PER_READER, false), HEADER + xml, events);
        return ((StreamEvent.Stanza) events.get(1)).element();
    }

    private static void feed(XmlStreamDecoder decoder, String xml, List<StreamEvent> events) throws StreamErrorException {
        byte[] bytes = xml.getBytes(UTF_8);
        decoder.feed(bytes, 0, bytes.length, events::add);
    }
}
