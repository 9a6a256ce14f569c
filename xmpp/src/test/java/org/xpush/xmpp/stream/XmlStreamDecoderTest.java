package org.xpush.xmpp.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;
import org.xpush.xmpp.xml.Text;

class XmlStreamDecoderTest {

    static final String HEADER = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
            + " to='example.com' version='1.0' xml:lang='en'>";

    /** A client's side of a session: header, nested namespaces, entities, CDATA, multi-byte UTF-8, keep-alives. */
    static final String TRANSCRIPT = "<?xml version='1.0'?>\n"
            + "<stream:stream to='example.com' xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0' xml:lang='en'>\n"
            + "<iq type='set' id='reg&amp;1' xml:lang='fr'>"
            + "<query xmlns='jabber:iq:register'><username>héllo 😀</username>"
            + "<password>a&lt;b&gt;c&quot;&apos;&#65;&#x1F600;</password>"
            + "<x:x xmlns:x='jabber:x:data' x:type='submit'><![CDATA[<raw & stuff>]]> tail</x:x>"
            + "</query></iq>"
            + "  \n\t "
            + "<message to='bob@example.com' type='chat'><body>Grüße 😀 &amp; more</body><thread>  </thread></message>"
            + " <r xmlns='urn:xmpp:sm:3'/>"
            + "\n</stream:stream>";

    static final List<StreamEvent> TRANSCRIPT_EVENTS = List.of(
            new StreamEvent.Open(
                    Map.of("to", "example.com", "version", "1.0", "xml:lang", "en"), Namespaces.CLIENT),
            new StreamEvent.Stanza(Element.builder("iq", Namespaces.CLIENT)
                    .attribute("type", "set")
                    .attribute("id", "reg&1")
                    .attribute("xml:lang", "fr")
                    .child(Element.builder("query", Namespaces.REGISTER)
                            .textChild("username", "héllo 😀")
                            .textChild("password", "a<b>c\"'A😀")
                            .child(Element.builder("x", Namespaces.DATA_FORMS)
                                    .attribute("xmlns:x", Namespaces.DATA_FORMS)
                                    .attribute("x:type", "submit")
                                    .text("<raw & stuff> tail")
                                    .build())
                            .build())
                    .build()),
            new StreamEvent.Stanza(Element.builder("message", Namespaces.CLIENT)
                    .attribute("to", "bob@example.com")
                    .attribute("type", "chat")
                    .textChild("body", "Grüße 😀 & more")
                    .textChild("thread", "  ")
                    .build()),
            new StreamEvent.Stanza(Element.of("r", Namespaces.SM)),
            new StreamEvent.Close());

    // ---- helpers

    static List<StreamEvent> decodeInChunks(XmlStreamDecoder decoder, byte[] bytes, int chunk)
            throws StreamErrorException {
        List<StreamEvent> events = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += chunk) {
            decoder.feed(bytes, i, Math.min(chunk, bytes.length - i), events::add);
        }
        return events;
    }

    static List<StreamEvent> decode(String xml) throws StreamErrorException {
        return decode(xml, DecoderLimits.DEFAULT);
    }

    static List<StreamEvent> decode(String xml, DecoderLimits limits) throws StreamErrorException {
        byte[] bytes = xml.getBytes(UTF_8);
        return decodeInChunks(new XmlStreamDecoder(limits), bytes, bytes.length);
    }

    static Element onlyStanza(String stanzas) throws StreamErrorException {
        List<StreamEvent> events = decode(HEADER + stanzas);
        assertThat(events).hasSize(2);
        return ((StreamEvent.Stanza) events.get(1)).element();
    }

    /** Asserts the same condition whether the input arrives in one buffer or byte by byte. */
    static StreamErrorException assertStreamError(String xml, DecoderLimits limits, StreamErrorCondition condition) {
        byte[] bytes = xml.getBytes(UTF_8);
        StreamErrorException whole = catchThrowableOfType(StreamErrorException.class,
                () -> decodeInChunks(new XmlStreamDecoder(limits), bytes, bytes.length));
        StreamErrorException byteByByte = catchThrowableOfType(StreamErrorException.class,
                () -> decodeInChunks(new XmlStreamDecoder(limits), bytes, 1));
        assertThat(whole).as("fed at once").isNotNull();
        assertThat(byteByByte).as("fed byte by byte").isNotNull();
        assertThat(whole.condition()).as("fed at once").isEqualTo(condition);
        assertThat(byteByByte.condition()).as("fed byte by byte").isEqualTo(condition);
        return whole;
    }

    static StreamErrorException assertStreamError(String xml, StreamErrorCondition condition) {
        return assertStreamError(xml, DecoderLimits.DEFAULT, condition);
    }

    // ---- decoding

    @Test
    void decodesHeaderStanzasAndCloseFromOneBuffer() throws Exception {
        assertThat(decode(TRANSCRIPT)).containsExactlyElementsOf(TRANSCRIPT_EVENTS);
    }

    @Test
    void byteByByteGivesTheSameEvents() throws Exception {
        byte[] bytes = TRANSCRIPT.getBytes(UTF_8);
        assertThat(decodeInChunks(new XmlStreamDecoder(DecoderLimits.DEFAULT), bytes, 1))
                .containsExactlyElementsOf(TRANSCRIPT_EVENTS);
    }

    @Test
    void splittingTheTranscriptAtEveryPositionGivesTheSameEvents() throws Exception {
        byte[] bytes = TRANSCRIPT.getBytes(UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);
            List<StreamEvent> events = new ArrayList<>();
            decoder.feed(bytes, 0, cut, events::add);
            decoder.feed(bytes, cut, bytes.length - cut, events::add);
            assertThat(events).as("split at %d", cut).containsExactlyElementsOf(TRANSCRIPT_EVENTS);
        }
    }

    @Test
    void splittingIntoThreePiecesAtManyPositionsGivesTheSameEvents() throws Exception {
        byte[] bytes = TRANSCRIPT.getBytes(UTF_8);
        for (int a = 0; a <= bytes.length; a += 7) {
            for (int b = a; b <= bytes.length; b += 11) {
                XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);
                List<StreamEvent> events = new ArrayList<>();
                decoder.feed(bytes, 0, a, events::add);
                decoder.feed(bytes, a, b - a, events::add);
                decoder.feed(bytes, b, bytes.length - b, events::add);
                assertThat(events).as("split at %d and %d", a, b).containsExactlyElementsOf(TRANSCRIPT_EVENTS);
            }
        }
    }

    @Test
    void charactersOutsideTheBmpSurviveEverySplitInAttributesAndText() throws Exception {
        String odd = new String(Character.toChars(0x10000)) + "😀" + new String(Character.toChars(0x10FFFD));
        byte[] bytes = (HEADER + "<message a='" + odd + "' b='x" + odd + "y'><body>" + odd + "</body>"
                        + "</message>")
                .getBytes(UTF_8);
        Element expected = Element.builder("message", Namespaces.CLIENT)
                .attribute("a", odd)
                .attribute("b", "x" + odd + "y")
                .textChild("body", odd)
                .build();

        for (int cut = 0; cut <= bytes.length; cut++) {
            XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);
            List<StreamEvent> events = new ArrayList<>();
            decoder.feed(bytes, 0, cut, events::add);
            decoder.feed(bytes, cut, bytes.length - cut, events::add);
            assertThat(events).as("split at %d", cut).last().isEqualTo(new StreamEvent.Stanza(expected));
        }
        assertThat(decodeInChunks(new XmlStreamDecoder(DecoderLimits.DEFAULT), bytes, 1))
                .last().isEqualTo(new StreamEvent.Stanza(expected));
        // Aalto follows the XML 1.0 name rules before the 5th edition: names are BMP only.
        assertStreamError(HEADER + "<x😀/>", StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void movingToAFreshReaderBetweenStanzasChangesNoEvent() throws Exception {
        byte[] bytes = TRANSCRIPT.getBytes(UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT, 1);
            List<StreamEvent> events = new ArrayList<>();
            decoder.feed(bytes, 0, cut, events::add);
            decoder.feed(bytes, cut, bytes.length - cut, events::add);
            assertThat(events).as("split at %d", cut).containsExactlyElementsOf(TRANSCRIPT_EVENTS);
        }
        assertThat(decodeInChunks(new XmlStreamDecoder(DecoderLimits.DEFAULT, 1), bytes, 1))
                .containsExactlyElementsOf(TRANSCRIPT_EVENTS);
    }

    @Test
    void aFreshReaderKeepsTheHeadersPrefixesNamespacesAndLimits() throws Exception {
        String stanza = "<a>" + "z".repeat(93) + "</a>"; // 100 bytes
        byte[] bytes = ("<s:stream xmlns:s='http://etherx.jabber.org/streams' xmlns='jabber:client'"
                        + " xmlns:foo='urn:foo&amp;bar'>" + stanza + "<foo:b/>" + stanza + stanza + "</s:stream>")
                .getBytes(UTF_8);
        XmlStreamDecoder decoder = new XmlStreamDecoder(new DecoderLimits(100, 32, 64, 4096), 0);
        List<StreamEvent> events = new ArrayList<>();

        decoder.feed(bytes, 0, bytes.length, events::add);

        assertThat(events).hasSize(6);
        assertThat(((StreamEvent.Stanza) events.get(2)).element()).isEqualTo(Element.of("b", "urn:foo&bar"));
        assertThat(events.get(5)).isEqualTo(new StreamEvent.Close());
        assertThatThrownBy(() -> {
                    XmlStreamDecoder strict = new XmlStreamDecoder(new DecoderLimits(100, 32, 64, 4096), 0);
                    feed(strict, HEADER.replace(" to='example.com' version='1.0' xml:lang='en'", "")
                            + stanza + stanza.replace("<a>", "<a >"), new ArrayList<>());
                })
                .isInstanceOfSatisfying(StreamErrorException.class,
                        e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
    }

    @Test
    void acceptsADirectBufferAndConsumesIt() throws Exception {
        byte[] bytes = TRANSCRIPT.getBytes(UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes).flip();
        List<StreamEvent> events = new ArrayList<>();

        new XmlStreamDecoder(DecoderLimits.DEFAULT).feed(direct, events::add);

        assertThat(events).containsExactlyElementsOf(TRANSCRIPT_EVENTS);
        assertThat(direct.remaining()).isZero();
    }

    @Test
    void readsOnlyBetweenPositionAndLimitOfAnOffsetHeapBuffer() throws Exception {
        byte[] bytes = TRANSCRIPT.getBytes(UTF_8);
        byte[] padded = new byte[bytes.length + 20];
        java.util.Arrays.fill(padded, (byte) '<'); // garbage around the real bytes
        System.arraycopy(bytes, 0, padded, 10, bytes.length);
        ByteBuffer slice = ByteBuffer.wrap(padded, 5, bytes.length + 10).slice(); // arrayOffset 5
        XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);
        List<StreamEvent> events = new ArrayList<>();
        int half = 5 + bytes.length / 2;

        decoder.feed(slice.position(5).limit(half), events::add);
        assertThat(slice.position()).isEqualTo(half);
        decoder.feed(slice.limit(5 + bytes.length), events::add);

        assertThat(events).containsExactlyElementsOf(TRANSCRIPT_EVENTS);
    }

    @Test
    void resetStartsANewStreamThatMayBeginWithAnXmlDeclaration() throws Exception {
        XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);
        List<StreamEvent> events = new ArrayList<>();
        feed(decoder, HEADER + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><iq type='get'>", events);

        decoder.reset(); // after <proceed/>: the partial <iq> belongs to the old stream
        feed(decoder, "<?xml version='1.0'?>" + HEADER + "<presence/>", events);

        assertThat(events).containsExactly(
                new StreamEvent.Open(Map.of("to", "example.com", "version", "1.0", "xml:lang", "en"), Namespaces.CLIENT),
                new StreamEvent.Stanza(Element.of("starttls", Namespaces.TLS)),
                new StreamEvent.Open(Map.of("to", "example.com", "version", "1.0", "xml:lang", "en"), Namespaces.CLIENT),
                new StreamEvent.Stanza(Element.of("presence", Namespaces.CLIENT)));
    }

    @Test
    void resetFromTheConsumerParsesTheRestOfTheBufferAsTheNewStream() throws Exception {
        for (String auth : List.of("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>",
                "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>AGJvYgBzZWNyZXQ=</auth>")) {
            XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);
            List<StreamEvent> events = new ArrayList<>();
            byte[] bytes = (HEADER + auth + HEADER + "<iq type='set' id='b'/>").getBytes(UTF_8);

            decoder.feed(bytes, 0, bytes.length, event -> {
                events.add(event);
                if (event instanceof StreamEvent.Stanza s && s.element().name().equals("auth")) decoder.reset();
            });

            assertThat(events).extracting(e -> e.getClass().getSimpleName())
                    .as(auth).containsExactly("Open", "Stanza", "Open", "Stanza");
            assertThat(((StreamEvent.Stanza) events.get(3)).element().attribute("id")).isEqualTo("b");
        }
    }

    @Test
    void closeFromTheConsumerStopsParsing() throws Exception {
        XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);
        List<StreamEvent> events = new ArrayList<>();
        byte[] bytes = (HEADER + "<a/><b/><<garbage").getBytes(UTF_8);

        decoder.feed(bytes, 0, bytes.length, event -> {
            events.add(event);
            if (event instanceof StreamEvent.Stanza) decoder.close();
        });

        assertThat(events).hasSize(2);
        assertThatThrownBy(() -> feed(decoder, "<c/>", events)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aThrowingConsumerLeavesTheDecoderUnusable() throws Exception {
        XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);
        ByteBuffer buf = ByteBuffer.wrap((HEADER + "<a/><b/>").getBytes(UTF_8));

        assertThatThrownBy(() -> decoder.feed(buf, event -> {
                    if (event instanceof StreamEvent.Stanza) throw new IllegalArgumentException("boom");
                }))
                .hasMessage("boom");
        assertThat(buf.remaining()).isZero();
        assertThatThrownBy(() -> feed(decoder, "<c/>", new ArrayList<>())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ignoresWhitespaceKeepAlivesBetweenStanzasButKeepsWhitespaceInside() throws Exception {
        List<StreamEvent> events = decode(HEADER + " \n\t <message> <body>x</body>\n</message>  \n  ");

        assertThat(events).hasSize(2);
        Element message = ((StreamEvent.Stanza) events.get(1)).element();
        assertThat(message.children()).containsExactly(
                new Text(" "), Element.builder("body", Namespaces.CLIENT).text("x").build(), new Text("\n"));
    }

    @Test
    void decodesPredefinedEntitiesAndCharacterReferencesInTextAndAttributes() throws Exception {
        Element e = onlyStanza("<a v='&amp;&lt;&gt;&quot;&apos;&#x41;&#66;&#x1F600;'>&amp;&lt;&gt;&quot;&apos;&#x41;&#66;&#x1F600;</a>");

        assertThat(e.attribute("v")).isEqualTo("&<>\"'AB😀");
        assertThat(e.children()).containsExactly(new Text("&<>\"'AB😀"));
    }

    @Test
    void mergesAdjacentTextAndCdataIntoOneText() throws Exception {
        assertThat(onlyStanza("<a>x<![CDATA[<y>]]>z&amp;</a>").children()).containsExactly(new Text("x<y>z&"));
    }

    @Test
    void resolvesPrefixedElementsAndKeepsPrefixedAttributesWithTheirDeclaration() throws Exception {
        Element e = onlyStanza("<stream:features xmlns:foo='urn:foo'>"
                + "<foo:bar a='1' foo:b='2' xml:lang='de' xml:space='preserve' foo:c='3'/>"
                + "<baz xmlns='urn:baz' xmlns:q='urn:q'/></stream:features>");

        assertThat(e.name()).isEqualTo("features");
        assertThat(e.namespace()).isEqualTo(Namespaces.STREAMS);
        assertThat(e.attributeCount()).isZero(); // unused declarations are not attributes
        Element bar = e.elements().get(0);
        assertThat(bar.is("bar", "urn:foo")).isTrue();
        assertThat(bar.attributes()).containsExactly(
                Map.entry("a", "1"), Map.entry("xmlns:foo", "urn:foo"), Map.entry("foo:b", "2"),
                Map.entry("xml:lang", "de"), Map.entry("xml:space", "preserve"), Map.entry("foo:c", "3"));
        assertThat(e.elements().get(1)).isEqualTo(Element.of("baz", "urn:baz"));
    }

    @Test
    void reSerialisedStanzaDecodesToTheSameElement() throws Exception {
        Element first = onlyStanza("<x:a xmlns:x='urn:x' xmlns:y='urn:y' y:k='v'><y:b y:k='w'>t</y:b></x:a>");

        assertThat(onlyStanza(first.toXml(Namespaces.CLIENT))).isEqualTo(first);
    }

    @Test
    void openCarriesHeaderAttributesWithoutNamespaceDeclarations() throws Exception {
        List<StreamEvent> events = decode("<s:stream xmlns:s='http://etherx.jabber.org/streams' from='a@b' id='x'"
                + " xmlns='jabber:client' to='b' xml:lang='en' version='1.0'>");

        StreamEvent.Open open = (StreamEvent.Open) events.get(0);
        assertThat(open.attributes()).containsExactly(Map.entry("from", "a@b"), Map.entry("id", "x"),
                Map.entry("to", "b"), Map.entry("xml:lang", "en"), Map.entry("version", "1.0"));
        assertThat(open.defaultNamespace()).isEqualTo(Namespaces.CLIENT);
    }

    @Test
    void ignoresBytesAfterTheStreamEndsAndAllowsAReset() throws Exception {
        XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);
        List<StreamEvent> events = new ArrayList<>();

        feed(decoder, HEADER + "<a/></stream:stream> garbage <<", events);
        feed(decoder, "more garbage", events);
        decoder.reset();
        feed(decoder, HEADER, events);

        assertThat(events).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Open", "Stanza", "Close", "Open");
    }

    @Test
    void closeIsIdempotentAndFeedAfterCloseFails() {
        XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);
        decoder.close();
        decoder.close();

        assertThatThrownBy(() -> feed(decoder, HEADER, new ArrayList<>())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(decoder::reset).isInstanceOf(IllegalStateException.class);
    }

    // ---- RFC 6120 §11: restricted XML and well-formedness

    @Test
    void refusesADoctype() {
        assertStreamError("<?xml version='1.0'?><!DOCTYPE stream>" + HEADER, StreamErrorCondition.RESTRICTED_XML);
    }

    @Test
    void refusesBillionLaughs() {
        String lol = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                + "<!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
                + "<!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>"
                + "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"
                + HEADER + "<message><body>&lol3;</body></message>";

        assertStreamError(lol, StreamErrorCondition.RESTRICTED_XML);
    }

    @Test
    void refusesAnExternalEntity() {
        String xxe = "<!DOCTYPE stream:stream [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
                + HEADER + "<message><body>&xxe;</body></message>";

        StreamErrorException e = assertStreamError(xxe, StreamErrorCondition.RESTRICTED_XML);
        assertThat(e.getCause()).isNotNull();
    }

    @Test
    void refusesACommentAnywhere() {
        assertStreamError("<!-- hi -->" + HEADER, StreamErrorCondition.RESTRICTED_XML);
        assertStreamError(HEADER + "<!-- hi -->", StreamErrorCondition.RESTRICTED_XML);
        assertStreamError(HEADER + "<a><!-- hi --></a>", StreamErrorCondition.RESTRICTED_XML);
    }

    @Test
    void refusesProcessingInstructionsButAcceptsTheXmlDeclaration() throws Exception {
        assertThat(decode("<?xml version='1.0' encoding='UTF-8'?>" + HEADER)).hasSize(1);
        assertStreamError("<?php echo 1; ?>" + HEADER, StreamErrorCondition.RESTRICTED_XML);
        assertStreamError(HEADER + "<a><?php echo 1; ?></a>", StreamErrorCondition.RESTRICTED_XML);
    }

    @Test
    void refusesAnUndeclaredEntity() {
        assertStreamError(HEADER + "<a>&foo;</a>", StreamErrorCondition.RESTRICTED_XML);
        // Aalto refuses one in an attribute value as a syntax error.
        assertStreamError(HEADER + "<a b='&foo;'/>", StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void refusesMalformedXmlWithoutQuotingItInTheErrorText() {
        StreamErrorException e = assertStreamError(HEADER + "<<hunter2", StreamErrorCondition.NOT_WELL_FORMED);
        assertThat(e.getCause()).isNotNull();
        assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("<");

        assertStreamError(HEADER + "<a secret='1' secret='2'/>", StreamErrorCondition.NOT_WELL_FORMED);
        assertStreamError(HEADER + "<a></b><c/>", StreamErrorCondition.NOT_WELL_FORMED);
        assertStreamError(HEADER + "<a p:x='1'/>", StreamErrorCondition.NOT_WELL_FORMED);
        assertStreamError(HEADER + "<a>&#0;</a>", StreamErrorCondition.NOT_WELL_FORMED);
        assertStreamError(HEADER + "<a>\u0001</a>", StreamErrorCondition.NOT_WELL_FORMED);
        assertStreamError("junk" + HEADER, StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] header = HEADER.getBytes(UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(header, header.length + 6);
        System.arraycopy(new byte[] {'<', 'a', '>', (byte) 0xC3, (byte) 0x28, '<'}, 0, bytes, header.length, 6);
        XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);

        StreamErrorException e = catchThrowableOfType(StreamErrorException.class,
                () -> decoder.feed(bytes, 0, bytes.length, event -> {}));

        assertThat(e.condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void refusesAnEncodingOtherThanUtf8() {
        assertStreamError("<?xml version='1.0' encoding='ISO-8859-1'?>" + HEADER,
                StreamErrorCondition.UNSUPPORTED_ENCODING);
    }

    @Test
    void refusesTextBetweenStanzas() {
        assertStreamError(HEADER + "<a/> hello <b/>", StreamErrorCondition.BAD_FORMAT);
        assertStreamError(HEADER + "<![CDATA[x]]>", StreamErrorCondition.BAD_FORMAT);
    }

    @Test
    void refusesAStreamElementInAnotherNamespace() {
        assertStreamError("<stream:stream xmlns='jabber:client' xmlns:stream='urn:wrong'>",
                StreamErrorCondition.INVALID_NAMESPACE);
        assertStreamError("<html xmlns='jabber:client'>", StreamErrorCondition.INVALID_NAMESPACE);
    }

    @Test
    void refusesAFirstElementNotNamedStream() {
        assertStreamError("<stream:features xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>",
                StreamErrorCondition.BAD_FORMAT);
    }

    @Test
    void refusesAWrongOrMissingContentNamespace() {
        assertStreamError("<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'>",
                StreamErrorCondition.INVALID_NAMESPACE);
        assertStreamError("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>",
                StreamErrorCondition.INVALID_NAMESPACE);
        assertStreamError("<stream xmlns='http://etherx.jabber.org/streams'>", StreamErrorCondition.INVALID_NAMESPACE);
    }

    @Test
    void accessingTheDecoderAfterAnErrorFails() {
        XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);
        assertThatThrownBy(() -> feed(decoder, HEADER + "<<", new ArrayList<>())).isInstanceOf(StreamErrorException.class);

        assertThatThrownBy(() -> feed(decoder, "<a/>", new ArrayList<>())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(decoder::reset).isInstanceOf(IllegalStateException.class);
        decoder.close(); // still allowed
    }

    // ---- limits

    @Test
    void stopsAnEndlessStanzaWhileItIsStillArriving() throws Exception {
        DecoderLimits limits = new DecoderLimits(1000, 32, 64, 4096);
        XmlStreamDecoder decoder = new XmlStreamDecoder(limits);
        feed(decoder, HEADER + "<message><body>", new ArrayList<>());
        byte[] chunk = "x".repeat(100).getBytes(UTF_8);
        int chunksFed = 0;

        StreamErrorException e = null;
        while (e == null && chunksFed < 1000) {
            try {
                decoder.feed(chunk, 0, chunk.length, event -> {});
                chunksFed++;
            } catch (StreamErrorException thrown) {
                e = thrown;
            }
        }

        assertThat(e).isNotNull();
        assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
        assertThat(chunksFed).isEqualTo(9); // 15 + 900 bytes fit, the 10th chunk passes 1000
    }

    @Test
    void stopsAnEndlessStartTag() throws Exception {
        XmlStreamDecoder decoder = new XmlStreamDecoder(new DecoderLimits(1000, 32, 64, 4096));
        feed(decoder, HEADER + "<message to='", new ArrayList<>());
        byte[] chunk = "y".repeat(100).getBytes(UTF_8);

        assertThatThrownBy(() -> {
                    for (int i = 0; i < 20; i++) decoder.feed(chunk, 0, chunk.length, event -> {});
                })
                .isInstanceOfSatisfying(StreamErrorException.class,
                        e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
    }

    @Test
    void aStanzaOfExactlyMaxStanzaBytesPassesAndOneMoreByteFails() throws Exception {
        String stanza = "<a>" + "z".repeat(93) + "</a>"; // 100 bytes
        DecoderLimits limits = new DecoderLimits(100, 32, 64, 4096);

        assertThat(decode(HEADER + "   " + stanza + "\n" + stanza, limits)).hasSize(3); // keep-alives not counted
        assertStreamError(HEADER + stanza.replace("<a>", "<a >"), limits, StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void refusesElementsNestedDeeperThanMaxDepth() throws Exception {
        DecoderLimits limits = new DecoderLimits(65536, 3, 64, 4096);

        assertThat(decode(HEADER + "<a><b><c/></b></a>", limits)).hasSize(2); // the stanza is depth 1
        assertStreamError(HEADER + "<a><b><c><d/></c></b></a>", limits, StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void refusesMoreAttributesThanMaxAttributesCountingNamespaceDeclarations() throws Exception {
        DecoderLimits limits = new DecoderLimits(65536, 32, 3, 4096);
        String header = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

        assertThat(decode(header + "<a x='1' y='2' z='3'/>", limits)).hasSize(2);
        assertStreamError(header + "<a w='0' x='1' y='2' z='3'/>", limits, StreamErrorCondition.POLICY_VIOLATION);
        assertStreamError(header + "<a xmlns='urn:a' x='1' y='2' z='3'/>", limits, StreamErrorCondition.POLICY_VIOLATION);
        assertStreamError(HEADER, limits, StreamErrorCondition.POLICY_VIOLATION); // 2 declarations + 3 attributes
    }

    @Test
    void refusesAStreamHeaderLargerThanMaxHeaderBytes() throws Exception {
        DecoderLimits limits = new DecoderLimits(65536, 32, 64, 200);
        XmlStreamDecoder decoder = new XmlStreamDecoder(limits);
        feed(decoder, "<?xml version='1.0'?><stream:stream xmlns='jabber:client' to='", new ArrayList<>());

        assertThatThrownBy(() -> {
                    for (int i = 0; i < 10; i++) feed(decoder, "x".repeat(50), new ArrayList<>());
                })
                .isInstanceOfSatisfying(StreamErrorException.class,
                        e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
        assertThat(decode(HEADER, limits)).hasSize(1);
        assertStreamError(HEADER, new DecoderLimits(65536, 32, 64, HEADER.length() - 1),
                StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new DecoderLimits(0, 1, 1, 1)).hasMessageContaining("maxStanzaBytes");
        assertThatThrownBy(() -> new DecoderLimits(1, 0, 1, 1)).hasMessageContaining("maxDepth");
        assertThatThrownBy(() -> new DecoderLimits(1, 1, -1, 1)).hasMessageContaining("maxAttributes");
        assertThatThrownBy(() -> new DecoderLimits(1, 1, 1, 0)).hasMessageContaining("maxHeaderBytes");
    }

    private static void feed(XmlStreamDecoder decoder, String xml, List<StreamEvent> events) throws StreamErrorException {
        decoder.feed(ByteBuffer.wrap(xml.getBytes(UTF_8)), events::add);
    }
}
