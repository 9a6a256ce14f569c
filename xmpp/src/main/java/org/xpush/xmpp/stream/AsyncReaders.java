package org.xpush.xmpp.stream;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.nio.ByteBuffer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.xpush.xmpp.xml.XmlEscape;

/**
 * Aalto's async readers for {@link XmlStreamDecoder}: the one factory with the settings RFC 6120 §11 needs, and a
 * way to continue a stream on a fresh reader.
 *
 * <p>A reader's name symbol table grows with every distinct element and attribute name it sees and is never
 * trimmed, so a peer sending endless new names on one long stream would grow it without bound. The decoder
 * therefore moves to a fresh reader now and then, between two stanzas: the fresh reader is first fed a copy of
 * the stream header reduced to its qualified name and namespace declarations ({@link #resumeHeader}), which puts
 * it in the same state (same namespace bindings, same name expected in {@code </stream:stream>}).
 */
final class AsyncReaders {

    /** One factory for all decoders; creating readers from it is thread-safe. */
    private static final AsyncXMLInputFactory FACTORY = newFactory();
    /** Fed after each chunk so the reader lets go of the caller's buffer; Aalto only reads position and limit. */
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private AsyncReaders() {}

    /** A reader at the start of a document. */
    static AsyncXMLStreamReader<AsyncByteBufferFeeder> newReader() {
        return FACTORY.createAsyncForByteBuffer();
    }

    /** Replaces the reader's reference to the last buffer fed by an empty one; only once it consumed all input. */
    static void releaseInput(AsyncXMLStreamReader<AsyncByteBufferFeeder> r) throws XMLStreamException {
        r.getInputFeeder().feedInput(EMPTY);
    }

    /** At the stream header's START_ELEMENT: the header as {@link #resumeInside} needs it (UTF-8). Once per stream. */
    static byte[] resumeHeader(XMLStreamReader r) {
        StringBuilder sb = new StringBuilder(128).append('<');
        String prefix = r.getPrefix();
        if (prefix != null && !prefix.isEmpty()) sb.append(prefix).append(':');
        sb.append(r.getLocalName());
        for (int i = 0, n = r.getNamespaceCount(); i < n; i++) {
            String declared = r.getNamespacePrefix(i);
            sb.append(" xmlns");
            if (declared != null && !declared.isEmpty()) sb.append(':').append(declared);
            sb.append("=\"");
            XmlEscape.attribute(r.getNamespaceURI(i), sb);
            sb.append('"');
        }
        return sb.append('>').toString().getBytes(UTF_8);
    }

    /**
     * A fresh reader that has parsed {@code header} (from {@link #resumeHeader}) and waits for the stream's content.
     * Its byte offsets count from the start of {@code header}.
     */
    static AsyncXMLStreamReader<AsyncByteBufferFeeder> resumeInside(byte[] header) {
        AsyncXMLStreamReader<AsyncByteBufferFeeder> r = newReader();
        try {
            r.getInputFeeder().feedInput(ByteBuffer.wrap(header));
            if (r.next() != XMLStreamConstants.START_DOCUMENT
                    || r.next() != XMLStreamConstants.START_ELEMENT
                    || r.next() != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                throw new IllegalStateException("re-parsing the stream header gave unexpected events");
            }
            releaseInput(r);
            return r;
        } catch (XMLStreamException e) {
            throw new IllegalStateException("re-parsing the stream header failed", e);
        }
    }

    private static AsyncXMLInputFactory newFactory() {
        AsyncXMLInputFactory factory = new InputFactoryImpl();
        // RFC 6120 §11.1: no DTDs, so no entity expansion (billion laughs) and no external entities (XXE).
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // Undeclared entities then arrive as ENTITY_REFERENCE events, which are refused; the predefined ones
        // and character references are still decoded.
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return factory;
    }
}
