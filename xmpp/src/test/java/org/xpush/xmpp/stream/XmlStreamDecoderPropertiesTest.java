package org.xpush.xmpp.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;
import org.xpush.xmpp.xml.Node;
import org.xpush.xmpp.xml.Text;

class XmlStreamDecoderPropertiesTest {

    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0' xml:lang='en'>";
    private static final StreamEvent.Open OPEN = new StreamEvent.Open(
            Map.of("to", "example.com", "version", "1.0", "xml:lang", "en"), Namespaces.CLIENT);

    @Property(tries = 400)
    void serialisedStanzasDecodeToEqualElementsInAnyChunking(
            @ForAll @Size(max = 5) List<@From("stanzas") Element> stanzas,
            @ForAll @Size(max = 6) List<@IntRange(min = 1, max = 97) Integer> chunkSizes,
            @ForAll("keepAlives") List<String> keepAlives,
            @ForAll("namesPerReader") int namesPerReader,
            @ForAll boolean releaseBetweenChunks)
            throws StreamErrorException {
        StringBuilder xml = new StringBuilder(HEADER);
        List<StreamEvent> expected = new ArrayList<>(List.of(OPEN));
        for (int i = 0; i < stanzas.size(); i++) {
            if (i < keepAlives.size()) xml.append(keepAlives.get(i));
            xml.append(stanzas.get(i).toXml(Namespaces.CLIENT));
            expected.add(new StreamEvent.Stanza(stanzas.get(i)));
        }
        xml.append("</stream:stream>");
        expected.add(new StreamEvent.Close());

        List<StreamEvent> events = new ArrayList<>();
        XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT, namesPerReader);
        for (byte[] chunk : split(xml.toString().getBytes(UTF_8), chunkSizes)) {
            decoder.feed(chunk, 0, chunk.length, events::add);
            if (releaseBetweenChunks) decoder.releaseParser(); // as on an idle connection: refused mid-stanza
        }

        assertThat(events).containsExactlyElementsOf(expected);
    }

    @Property(tries = 1000)
    void arbitraryBytesAfterAValidHeaderOnlyEverCauseStreamErrors(
            @ForAll("junk") byte[] junk,
            @ForAll @Size(max = 6) List<@IntRange(min = 1, max = 64) Integer> chunkSizes,
            @ForAll("namesPerReader") int namesPerReader,
            @ForAll boolean releaseBetweenChunks) {
        XmlStreamDecoder decoder = new XmlStreamDecoder(new DecoderLimits(2048, 4, 6, 512), namesPerReader);
        List<StreamEvent> events = new ArrayList<>();
        byte[] header = HEADER.getBytes(UTF_8);
        byte[] bytes = new byte[header.length + junk.length];
        System.arraycopy(header, 0, bytes, 0, header.length);
        System.arraycopy(junk, 0, bytes, header.length, junk.length);

        try {
            for (byte[] chunk : split(bytes, chunkSizes)) {
                decoder.feed(chunk, 0, chunk.length, events::add);
                if (releaseBetweenChunks) decoder.releaseParser();
            }
        } catch (StreamErrorException expected) {
            assertThatThrownBy(() -> decoder.feed(header, 0, 1, events::add)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(events).first().isEqualTo(OPEN);
        decoder.close();
    }

    /** What decoding a whole input gave: its events, and the stream error that ended it, if any. */
    private record Outcome(List<StreamEvent> events, StreamErrorCondition error) {
    }

    @Property(tries = 2000)
    void recognisingFlatElementsWithoutTheParserChangesNoEventAndNoError(
            @ForAll("flatish") byte[] body,
            @ForAll @Size(max = 6) List<@IntRange(min = 1, max = 64) Integer> chunkSizes,
            @ForAll("namesPerReader") int namesPerReader,
            @ForAll boolean releaseBetweenChunks,
            @ForAll boolean smallLimits) {
        DecoderLimits limits = smallLimits ? new DecoderLimits(48, 4, 3, 512) : DecoderLimits.DEFAULT;
        byte[] header = HEADER.getBytes(UTF_8);
        byte[] bytes = new byte[header.length + body.length];
        System.arraycopy(header, 0, bytes, 0, header.length);
        System.arraycopy(body, 0, bytes, header.length, body.length);
        List<byte[]> chunks = split(bytes, chunkSizes);

        Outcome flat = decode(new XmlStreamDecoder(limits, namesPerReader, true), chunks, releaseBetweenChunks);
        Outcome parsed = decode(new XmlStreamDecoder(limits, namesPerReader, false), chunks, releaseBetweenChunks);

        assertThat(flat).isEqualTo(parsed);
    }

    private static Outcome decode(XmlStreamDecoder decoder, List<byte[]> chunks, boolean releaseBetweenChunks) {
        List<StreamEvent> events = new ArrayList<>();
        try {
            for (byte[] chunk : chunks) {
                decoder.feed(chunk, 0, chunk.length, events::add);
                if (releaseBetweenChunks) decoder.releaseParser();
            }
        } catch (StreamErrorException e) {
            return new Outcome(events, e.condition());
        }
        return new Outcome(events, null);
    }

    // ---- generators

    /**
     * Elements shaped like acks, valid and not (names, values, whitespace and ends that the fast path must tell
     * apart), between the decoder's junk tokens.
     */
    @Provide
    Arbitrary<byte[]> flatish() {
        Arbitrary<String> name = Arbitraries.of("iq", "a", "b", "id", "type", "xmlns", "xml", "XMLa", "p:q", "_1",
                "a-b.c", "é", "1a", "");
        Arbitrary<String> space = Arbitraries.of("", " ", "  ", "\t", "\r\n");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab1 /><&'\"=;#é\t\u007f").ofMaxLength(6),
                Arbitraries.of("jabber:client", "urn:x", "result"));
        Arbitrary<String> attribute = Combinators.combine(space, name, space, space, Arbitraries.of("'", "\""), value)
                .as((s1, n, s2, s3, q, v) -> s1 + n + s2 + "=" + s3 + q + v + q);
        Arbitrary<String> element = Combinators.combine(name, attribute.list().ofMaxSize(5), space,
                        Arbitraries.of("/>", "/>", "/>", ">", "/ >", "", "/"))
                .as((n, attributes, s, end) -> "<" + n + String.join("", attributes) + s + end);
        Arbitrary<byte[]> part = Arbitraries.frequencyOf(
                Tuple.of(4, element.map(e -> e.getBytes(UTF_8))),
                Tuple.of(1, junk()));
        return part.list().ofMaxSize(6).map(parts -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    @Provide
    Arbitrary<Element> stanzas() {
        return elements(3, Arbitraries.of(Namespaces.CLIENT, Namespaces.CLIENT, "urn:xmpp:sm:3", "urn:x&y<\"z\">"));
    }

    /** Mostly the production value; small ones make the decoder move to fresh readers between stanzas. */
    @Provide
    Arbitrary<Integer> namesPerReader() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(XmlStreamDecoder.NAMES_PER_READER)),
                Tuple.of(1, Arbitraries.integers().between(0, 20)));
    }

    @Provide
    Arbitrary<List<String>> keepAlives() {
        return Arbitraries.of("", " ", "\n", "\t \r\n").list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<byte[]> junk() {
        Arbitrary<byte[]> token = Arbitraries.of(
                        "<", ">", "</", "/>", "<a>", "</a>", "<b x='1'>", "&", ";", "&#", "&#x", "&amp;", "&foo;",
                        "'", "\"", "=", " ", "\n", "x", "é", "😀", ":", "p:q", "xmlns:p='urn:p'", "xmlns=''",
                        "<!--", "-->", "<?", "?>", "<![CDATA[", "]]>", "<!DOCTYPE", "[", "]", "</stream:stream>",
                        "<stream:stream>", "<?xml version='1.0'?>")
                .map(s -> s.getBytes(UTF_8));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(8);
        return Arbitraries.frequencyOf(
                        Tuple.of(5, token), Tuple.of(1, raw))
                .list()
                .ofMaxSize(60)
                .map(parts -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    parts.forEach(out::writeBytes);
                    return out.toByteArray();
                });
    }

    /** Elements in the shape the decoder produces: attributes p:x preceded by their xmlns:p, merged text. */
    private Arbitrary<Element> elements(int depth, Arbitrary<String> namespaces) {
        Arbitrary<String> childNamespaces = Arbitraries.of("", "urn:xpush:test", "jabber:x:data", "urn:é😀");
        Arbitrary<List<Node>> children = depth == 0
                ? Arbitraries.just(List.of())
                : Arbitraries.frequencyOf(
                                Tuple.of(2, elements(depth - 1, childNamespaces).map(e -> (Node) e)),
                                Tuple.of(3, texts().map(t -> (Node) new Text(t))))
                        .list()
                        .ofMaxSize(4);
        Arbitrary<List<String>> plainAttributes = names().list().uniqueElements().ofMaxSize(4);
        Arbitrary<List<String>> extraAttributes = Arbitraries.oneOf(
                Arbitraries.just(List.of()),
                attributeValues().map(lang -> List.of("xml:lang", lang)),
                Combinators.combine(names(), Arbitraries.of("urn:p", "urn:q&r"), names(), attributeValues())
                        .as((prefix, uri, local, value) -> List.of("xmlns:" + prefix, uri, prefix + ":" + local, value)));
        return Combinators.combine(names(), namespaces, plainAttributes, attributeValues().list().ofSize(4),
                        extraAttributes, children)
                .as((name, ns, attributeNames, values, extra, kids) -> {
                    Element.Builder b = Element.builder(name, ns);
                    for (int i = 0; i < attributeNames.size(); i++) b.attribute(attributeNames.get(i), values.get(i));
                    for (int i = 0; i < extra.size(); i += 2) b.attribute(extra.get(i), extra.get(i + 1));
                    kids.forEach(b::node);
                    return b.build();
                });
    }

    /** XML names (ASCII and not), never starting with "xml" (reserved). */
    private static Arbitrary<String> names() {
        Arbitrary<Character> first = Arbitraries.of('a', 'b', 'q', 'Z', '_', 'é', 'ж', '中');
        Arbitrary<String> rest = Arbitraries.strings().withChars("ab9-._éж中").ofMaxLength(5);
        return Combinators.combine(first, rest).as((f, r) -> f + r).filter(n -> !n.regionMatches(true, 0, "xml", 0, 3));
    }

    /** Any XML 1.0 characters, surrogate pairs included; escaping keeps tabs, line feeds and carriage returns. */
    private static Arbitrary<String> attributeValues() {
        return xmlChars();
    }

    /** Any XML 1.0 characters, as for attribute values (text escapes CR as a character reference). */
    private static Arbitrary<String> texts() {
        return xmlChars();
    }

    private static Arbitrary<String> xmlChars() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(2, Arbitraries.of(0x9, 0xA, 0xD)),
                Tuple.of(2, Arbitraries.of((int) '<', (int) '&', (int) '>', (int) '"', (int) '\'')),
                Tuple.of(1, Arbitraries.integers().between(0x7F, 0xD7FF)),
                Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFD)),
                Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)));
        return codePoint.list().ofMaxSize(12).map(cps -> {
            StringBuilder sb = new StringBuilder();
            cps.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    /** Cuts {@code bytes} into chunks of the given sizes, repeating the sizes to the end (one chunk if none). */
    private static List<byte[]> split(byte[] bytes, List<Integer> sizes) {
        if (sizes.isEmpty()) return List.of(bytes);
        List<byte[]> chunks = new ArrayList<>();
        for (int pos = 0, i = 0; pos < bytes.length; i++) {
            int n = Math.min(sizes.get(i % sizes.size()), bytes.length - pos);
            chunks.add(Arrays.copyOfRange(bytes, pos, pos + n));
            pos += n;
        }
        return chunks;
    }
}
