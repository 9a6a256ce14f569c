package org.xpush.xmpp.stream;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;

/**
 * Incremental decoder of an XMPP client stream (RFC 6120 §4) on Aalto's non-blocking parser: bytes in, in any
 * chunking, {@link StreamEvent}s out: the header ({@link StreamEvent.Open}), each top-level element as an
 * {@link Element} tree ({@link StreamEvent.Stanza}) and {@code </stream:stream>} ({@link StreamEvent.Close}).
 *
 * <p>Errors, each a {@link StreamErrorException} after which the decoder is unusable:
 * <ul>
 *   <li>first element not in {@code http://etherx.jabber.org/streams}, or default namespace on it not
 *       {@code jabber:client}: {@code invalid-namespace}; in the right namespace but not named {@code stream}:
 *       {@code bad-format}</li>
 *   <li>comment, processing instruction (other than the XML declaration), DOCTYPE, unexpanded entity
 *       reference: {@code restricted-xml} (RFC 6120 §11.1). A DOCTYPE with an internal subset (billion laughs,
 *       XXE) is refused by the parser itself; it is reported as {@code restricted-xml} when the bytes before the
 *       header contained {@code <!DOCTYPE}, else as {@code not-well-formed}</li>
 *   <li>an XML declaration naming an encoding other than UTF-8: {@code unsupported-encoding} (RFC 6120 §11.6)</li>
 *   <li>anything the parser rejects: {@code not-well-formed}, with the parser's exception as cause (its message
 *       may quote the peer's bytes; the stream error text never does)</li>
 *   <li>non-whitespace text between top-level elements: {@code bad-format}; whitespace there (keep-alives) is
 *       ignored</li>
 *   <li>a {@link DecoderLimits} exceeded: {@code policy-violation}, raised as soon as the bytes fed so far pass
 *       the limit, so an endless stanza is stopped while it is still arriving</li>
 * </ul>
 *
 * <p>Memory while idle: {@link #releaseParser()} drops the parser between stanzas (the server does so after a few
 * seconds of silence), leaving this object, the stream header's namespace declarations and nothing else; the
 * next bytes go to a fresh parser primed with that header. While a parser is held, Aalto's reader keeps the namespace bindings and name of the open stream element, a small
 * attribute buffer, a char buffer as large as the largest text piece parsed so far (text is delivered once per
 * fed chunk, so at most one chunk's text) and a symbol table of the names it has seen. It keeps no input bytes:
 * input is parsed in place and the reference to the caller's buffer is replaced by an empty one before
 * {@code feed} returns. This class holds the builders of a partial stanza only while one is arriving, the stream
 * header's name and namespace declarations (about 100 bytes), and at most 3 bytes of a character split between
 * chunks ({@link Utf8Carry}: works around an Aalto 1.4.0 bug with split 4-byte characters in attribute values).
 *
 * <p>A flat element (attributes only, in plain ASCII, like a notification ack) arriving between stanzas is
 * recognised without the parser ({@link FlatElementScanner}), so an ack on a resting connection does not need a
 * fresh parser.
 *
 * <p>Aalto never trims a reader's symbol table, so that a peer sending ever new names cannot grow it without
 * bound the decoder moves to a fresh reader after {@value #NAMES_PER_READER} names, between two stanzas (see
 * {@link AsyncReaders}). Readers are never {@code close()}d: Aalto's {@code close()} merges the reader's names
 * into the factory-wide symbol table shared by every connection, which would let peers grow that one without
 * bound. They are dropped instead (their buffers go to the garbage collector rather than back to Aalto's
 * per-thread recycler).
 *
 * <p>Not thread-safe: one decoder per connection, called from that connection's event loop thread.
 */
public final class XmlStreamDecoder {

    /** Names (elements, attributes, namespace declarations) one reader may see before the decoder moves on. */
    static final int NAMES_PER_READER = 4096;
    private static final byte[] DOCTYPE = {'<', '!', 'D', 'O', 'C', 'T', 'Y', 'P', 'E'};
    private static final String STREAM = "stream";

    private enum State { AWAITING_HEADER, OPEN, PEER_CLOSED, FAILED, CLOSED }

    private final DecoderLimits limits;
    private final int namesPerReader;
    private final boolean flatElements;
    private final ElementAssembler assembler = new ElementAssembler();
    private final Utf8Carry carry = new Utf8Carry();

    private AsyncXMLStreamReader<AsyncByteBufferFeeder> reader;
    private State state;
    /** Bytes fed to the current reader; each chunk is fed at position 0, so Aalto's byte offsets are exact. */
    private long fed;
    /** Offset where the next top-level element may start: the end of the header, a stanza, or whitespace. */
    private long boundary;
    /** Progress matching {@code <!DOCTYPE} in the bytes before the header; -1 once it was seen. */
    private int doctypeMatch;
    /** Byte offset just after the event {@link #nextEvent} returned last. */
    private long eventEnd;
    /** Names the current reader has seen, an upper bound of the size of its symbol table. */
    private int namesOnReader;
    /** The open stream's header reduced to what a fresh reader needs to continue it; null before the header. */
    private byte[] resumeHeader;
    private boolean feeding;

    public XmlStreamDecoder(DecoderLimits limits) {
        this(limits, NAMES_PER_READER, true);
    }

    /** For tests: moves to a fresh reader after {@code namesPerReader} names. */
    XmlStreamDecoder(DecoderLimits limits, int namesPerReader) {
        this(limits, namesPerReader, true);
    }

    /**
     * For tests: as above; with {@code flatElements} false every stanza goes through the parser (a property test
     * compares both ways).
     */
    XmlStreamDecoder(DecoderLimits limits, int namesPerReader, boolean flatElements) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.namesPerReader = namesPerReader;
        this.flatElements = flatElements;
        startStream();
    }

    /**
     * Parses the readable bytes of {@code buf} (position to limit; all consumed: the position ends at the limit),
     * delivering every complete event to {@code out} in order. Heap and direct buffers, any chunking. No
     * reference to {@code buf} is kept after returning.
     *
     * <p>{@code out} may call {@link #reset()} (e.g. on SASL {@code <success/>}): the rest of {@code buf} is then
     * parsed as the beginning of the new stream. It may call {@link #close()}: the rest is ignored. Bytes after
     * {@code </stream:stream>} are ignored. If {@code out} throws, the exception propagates and the decoder is
     * unusable.
     *
     * @throws StreamErrorException on the first violation; the decoder is unusable afterwards
     * @throws IllegalStateException after {@link #close()} or a previous error, or when called from {@code out}
     */
    public void feed(ByteBuffer buf, Consumer<StreamEvent> out) throws StreamErrorException {
        Objects.requireNonNull(buf, "buf");
        Objects.requireNonNull(out, "out");
        requireUsable();
        if (feeding) throw new IllegalStateException("feed() called from its own event consumer");
        int pos = buf.position();
        int end = buf.limit();
        boolean completed = false;
        feeding = true;
        try {
            if (carry.holding()) {
                pos += carry.complete(buf, pos, end);
                if (carry.isComplete()) {
                    ByteBuffer character = carry.takeComplete();
                    parseAll(character, 0, character.limit(), out);
                }
            }
            int held = pos < end ? Utf8Carry.incompleteTail(buf, pos, end) : 0;
            parseAll(buf, pos, end - held, out);
            if (held > 0 && isStreaming()) carry.hold(buf, end, held);
            completed = true;
        } finally {
            feeding = false;
            buf.position(end);
            if (!completed) release(State.FAILED);
        }
    }

    /** {@link #feed(ByteBuffer, Consumer)} for an array slice. */
    public void feed(byte[] bytes, int offset, int length, Consumer<StreamEvent> out) throws StreamErrorException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        feed(ByteBuffer.wrap(bytes, offset, length), out);
    }

    /**
     * Stream restart (RFC 6120 §5.4.3.3 after STARTTLS, §6.4.6 after SASL success): forgets the current stream,
     * including a partial stanza, and expects a new header (an XML declaration may precede it again). Creates a
     * new parser, which costs a few small allocations. Also allowed after {@code </stream:stream>}.
     *
     * @throws IllegalStateException after {@link #close()} or an error
     */
    public void reset() {
        requireUsable();
        startStream();
    }

    /**
     * Drops the parser while the stream rests between two stanzas, so that an idle connection holds no parser
     * buffers or symbol table (a few KiB); the next {@link #feed} continues the stream on a fresh parser, as after
     * {@value #NAMES_PER_READER} names. Does nothing (and returns false) unless the stream is open and every byte fed
     * so far ended a stanza or the header: never in the middle of a stanza, of a character, or of whitespace the
     * parser has not reported yet.
     *
     * @return whether the parser was dropped now
     */
    public boolean releaseParser() {
        if (feeding || state != State.OPEN || reader == null) return false;
        if (boundary != fed || assembler.depth() != 0 || carry.holding()) return false;
        reader = null; // dropped, not closed: see the class comment
        return true;
    }

    /** Whether a parser is held now (tests: see {@link #releaseParser()}). */
    public boolean holdsParser() {
        return reader != null;
    }

    /** Ends input (e.g. the socket closed) and releases the parser. Idempotent. */
    public void close() {
        if (state != State.FAILED) release(State.CLOSED);
    }

    private boolean isStreaming() {
        return state == State.AWAITING_HEADER || state == State.OPEN;
    }

    /** Parses {@code buf[pos, end)}, going on with the new reader when {@code out} resets the stream. */
    private void parseAll(ByteBuffer buf, int pos, int end, Consumer<StreamEvent> out) throws StreamErrorException {
        while (pos < end && isStreaming()) {
            pos = parse(buf, pos, end, out);
        }
    }

    private void startStream() {
        reader = AsyncReaders.newReader();
        assembler.clear();
        carry.clear();
        state = State.AWAITING_HEADER;
        fed = 0;
        boundary = 0;
        doctypeMatch = 0;
        namesOnReader = 0;
        resumeHeader = null;
    }

    /** Between two stanzas: continues the stream on a fresh reader (see {@link AsyncReaders}). */
    private void moveToFreshReader() {
        reader = AsyncReaders.resumeInside(resumeHeader); // the old one is dropped, not closed
        fed = resumeHeader.length;
        boundary = fed;
        namesOnReader = 0;
    }

    private void release(State newState) {
        state = newState;
        reader = null; // dropped, not closed: see the class comment
        assembler.clear();
        carry.clear();
        resumeHeader = null;
    }

    private void requireUsable() {
        if (state == State.FAILED) throw new IllegalStateException("decoder failed earlier with a stream error");
        if (state == State.CLOSED) throw new IllegalStateException("decoder is closed");
    }

    /**
     * Feeds {@code buf[pos, end)} to the current reader and delivers its events. Returns where parsing must go on
     * with a new reader when {@code out} reset the stream or the reader was replaced, else {@code end}.
     */
    private int parse(ByteBuffer buf, int pos, int end, Consumer<StreamEvent> out) throws StreamErrorException {
        if (flatElements && state == State.OPEN && boundary == fed && assembler.depth() == 0 && !carry.holding()) {
            // between stanzas, with every byte fed so far parsed: a flat element needs no parser (an ack on a
            // resting connection then costs no fresh one); the parser never sees it, which leaves its document
            // well-formed, and its offsets count only what it was fed
            int length = FlatElementScanner.measure(buf, pos, end, limits);
            if (length > 0) {
                out.accept(new StreamEvent.Stanza(FlatElementScanner.build(buf, pos, length)));
                return pos + length; // out may have reset or closed the stream: parseAll looks at the state
            }
        }
        if (reader == null) moveToFreshReader(); // released while idle: only ever between stanzas of an open stream
        AsyncXMLStreamReader<AsyncByteBufferFeeder> r = reader;
        long chunkStart = fed;
        if (state == State.AWAITING_HEADER) scanPrologForDoctype(buf, pos, end);
        try {
            r.getInputFeeder().feedInput(buf.slice(pos, end - pos));
        } catch (XMLStreamException e) {
            throw notWellFormed(e);
        }
        fed += end - pos;
        while (true) {
            StreamEvent event = nextEvent(r);
            if (event == null) {
                enforceLimitsOnPartialInput();
                releaseInput(r);
                return end;
            }
            long consumed = eventEnd - chunkStart;
            out.accept(event);
            if (reader != r) { // out called reset() or close()
                return state == State.AWAITING_HEADER ? pos + (int) consumed : end;
            }
            if (event instanceof StreamEvent.Close) {
                release(State.PEER_CLOSED); // RFC 6120 §4.4: nothing may follow; the rest is ignored
                return end;
            }
            if (namesOnReader > namesPerReader && event instanceof StreamEvent.Stanza) {
                moveToFreshReader();
                return pos + (int) consumed;
            }
        }
    }

    /**
     * Advances the reader to the next event for {@code out} and sets {@link #eventEnd}, or returns null when the
     * reader needs more input.
     */
    private StreamEvent nextEvent(AsyncXMLStreamReader<AsyncByteBufferFeeder> r) throws StreamErrorException {
        try {
            StreamEvent event = null;
            while (event == null) {
                switch (r.next()) {
                    case AsyncXMLStreamReader.EVENT_INCOMPLETE:
                        return null;
                    case XMLStreamConstants.START_DOCUMENT:
                        requireUtf8(r);
                        break;
                    case XMLStreamConstants.START_ELEMENT:
                        if (state == State.AWAITING_HEADER) {
                            event = streamHeader(r);
                        } else {
                            startElement(r);
                        }
                        break;
                    case XMLStreamConstants.END_ELEMENT:
                        if (assembler.depth() == 0) {
                            event = new StreamEvent.Close();
                        } else {
                            Element done = assembler.endElement();
                            if (done != null) event = topLevelElement(r, done);
                        }
                        break;
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE:
                        if (assembler.depth() == 0) {
                            whitespaceBetweenStanzas(r);
                        } else {
                            assembler.characters(r);
                            requireStanzaSize(endOffset(r));
                        }
                        break;
                    case XMLStreamConstants.COMMENT:
                        throw restricted("comments are not allowed");
                    case XMLStreamConstants.PROCESSING_INSTRUCTION:
                        throw restricted("processing instructions are not allowed");
                    case XMLStreamConstants.DTD:
                        throw restricted("a DTD is not allowed");
                    case XMLStreamConstants.ENTITY_REFERENCE:
                        throw restricted("entity references other than the predefined ones are not allowed");
                    default: // END_DOCUMENT cannot come (input is never ended); the rest are not parser events
                        throw new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED, "unexpected XML event");
                }
            }
            eventEnd = endOffset(r);
            return event;
        } catch (XMLStreamException | RuntimeException e) {
            // Aalto reports some errors lazily from accessors, as RuntimeExceptions.
            throw notWellFormed(e);
        }
    }

    private StreamEvent streamHeader(AsyncXMLStreamReader<AsyncByteBufferFeeder> r)
            throws StreamErrorException, XMLStreamException {
        requireAttributeCount(r);
        // RFC 6120 §4.8.1, §11.2: the stream namespace, any prefix.
        if (!Namespaces.STREAMS.equals(r.getNamespaceURI())) {
            throw new StreamErrorException(StreamErrorCondition.INVALID_NAMESPACE,
                    "the stream element must be in namespace " + Namespaces.STREAMS);
        }
        if (!STREAM.equals(r.getLocalName())) {
            throw new StreamErrorException(StreamErrorCondition.BAD_FORMAT, "the first element must be <stream:stream>");
        }
        // RFC 6120 §4.8.2, §4.8.3: the content namespace is declared as the default namespace.
        String defaultNamespace = "";
        for (int i = 0, n = r.getNamespaceCount(); i < n; i++) {
            String prefix = r.getNamespacePrefix(i);
            if (prefix == null || prefix.isEmpty()) defaultNamespace = r.getNamespaceURI(i);
        }
        if (!Namespaces.CLIENT.equals(defaultNamespace)) {
            throw new StreamErrorException(StreamErrorCondition.INVALID_NAMESPACE,
                    "the default namespace must be " + Namespaces.CLIENT);
        }
        long headerEnd = endOffset(r);
        if (headerEnd > limits.maxHeaderBytes()) throw policyViolation("stream header too large");
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            attributes.put(ElementAssembler.qualifiedAttributeName(r, i), r.getAttributeValue(i));
        }
        state = State.OPEN;
        boundary = headerEnd;
        resumeHeader = AsyncReaders.resumeHeader(r);
        return new StreamEvent.Open(attributes, defaultNamespace);
    }

    private void startElement(AsyncXMLStreamReader<AsyncByteBufferFeeder> r)
            throws StreamErrorException, XMLStreamException {
        requireStanzaSize(endOffset(r));
        if (assembler.depth() + 1 > limits.maxDepth()) throw policyViolation("elements nested too deeply");
        requireAttributeCount(r);
        namesOnReader += 1 + r.getAttributeCount() + r.getNamespaceCount();
        assembler.startElement(r);
    }

    private StreamEvent topLevelElement(AsyncXMLStreamReader<AsyncByteBufferFeeder> r, Element element)
            throws StreamErrorException, XMLStreamException {
        long end = endOffset(r);
        requireStanzaSize(end);
        boundary = end;
        return new StreamEvent.Stanza(element);
    }

    /** RFC 6120 §11.7: whitespace between stanzas is allowed (keep-alives); other text is not. */
    private void whitespaceBetweenStanzas(AsyncXMLStreamReader<AsyncByteBufferFeeder> r)
            throws StreamErrorException, XMLStreamException {
        char[] chars = r.getTextCharacters();
        for (int i = r.getTextStart(), n = i + r.getTextLength(); i < n; i++) {
            char c = chars[i];
            if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                throw new StreamErrorException(StreamErrorCondition.BAD_FORMAT, "text between stanzas");
            }
        }
        boundary = endOffset(r);
    }

    private void enforceLimitsOnPartialInput() throws StreamErrorException {
        if (state == State.AWAITING_HEADER) {
            if (fed > limits.maxHeaderBytes()) throw policyViolation("stream header too large");
        } else {
            requireStanzaSize(fed);
        }
    }

    private void requireStanzaSize(long offset) throws StreamErrorException {
        if (offset - boundary > limits.maxStanzaBytes()) throw policyViolation("stanza too large");
    }

    private void requireAttributeCount(AsyncXMLStreamReader<AsyncByteBufferFeeder> r) throws StreamErrorException {
        if (r.getAttributeCount() + r.getNamespaceCount() > limits.maxAttributes()) {
            throw policyViolation("too many attributes");
        }
    }

    /** RFC 6120 §11.6: UTF-8 only. Aalto's async parser decodes UTF-8 whatever the declaration says. */
    private static void requireUtf8(AsyncXMLStreamReader<AsyncByteBufferFeeder> r) throws StreamErrorException {
        String declared = r.getCharacterEncodingScheme();
        if (declared != null && !declared.equalsIgnoreCase("UTF-8")) {
            throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_ENCODING, "only UTF-8 is supported");
        }
    }

    /**
     * Aalto refuses a DOCTYPE with an internal subset with a generic syntax error before any event, so to name the
     * condition the bytes before the header are watched for {@code <!DOCTYPE} (at most maxHeaderBytes of them).
     */
    private void scanPrologForDoctype(ByteBuffer buf, int pos, int end) {
        long room = limits.maxHeaderBytes() - fed;
        int stop = room < end - pos ? pos + (int) Math.max(room, 0) : end;
        for (int i = pos; i < stop && doctypeMatch >= 0; i++) {
            byte b = buf.get(i);
            if (b == DOCTYPE[doctypeMatch]) {
                if (++doctypeMatch == DOCTYPE.length) doctypeMatch = -1;
            } else {
                doctypeMatch = b == '<' ? 1 : 0;
            }
        }
    }

    private void releaseInput(AsyncXMLStreamReader<AsyncByteBufferFeeder> r) throws StreamErrorException {
        try {
            AsyncReaders.releaseInput(r);
        } catch (XMLStreamException e) {
            throw notWellFormed(e); // cannot happen: all input was consumed
        }
    }

    private static long endOffset(AsyncXMLStreamReader<AsyncByteBufferFeeder> r) throws XMLStreamException {
        return r.getLocationInfo().getEndingByteOffset();
    }

    private StreamErrorException notWellFormed(Exception cause) {
        if (state == State.AWAITING_HEADER && doctypeMatch < 0) {
            return new StreamErrorException(StreamErrorCondition.RESTRICTED_XML, "a DTD is not allowed", cause);
        }
        return new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED, "XML is not well-formed", cause);
    }

    private static StreamErrorException restricted(String text) {
        return new StreamErrorException(StreamErrorCondition.RESTRICTED_XML, text);
    }

    private static StreamErrorException policyViolation(String text) {
        return new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION, text);
    }
}
