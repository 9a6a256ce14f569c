package org.xpush.xmpp.stream;

import java.nio.ByteBuffer;

/**
 * Keeps a 4-byte UTF-8 sequence (a character outside the BMP, e.g. an emoji) from being split between two
 * chunks fed to Aalto: the bytes of an incomplete one at the end of a chunk are held back (copied, at most 3) and
 * fed together with the rest of the sequence from the next chunk.
 *
 * <p>Why: Aalto 1.4.0's async scanners decode such a split character wrongly inside an attribute value
 * ({@code handleAttrValuePendingUTF8} returns the code point minus 0x10000, which the caller takes for the code
 * point): U+1F600 becomes U+F600, U+10000 leaves the scanner in a broken state. Characters in text, and 2- and
 * 3-byte sequences anywhere, are handled correctly, but holding back every split 4-byte sequence is simpler than
 * knowing where the scanner is. Used by {@link XmlStreamDecoder} on its thread.
 */
final class Utf8Carry {

    private static final int SEQUENCE = 4;

    private final byte[] bytes = new byte[SEQUENCE];
    private int length;

    /** True while bytes of an incomplete sequence are held. */
    boolean holding() {
        return length > 0;
    }

    /**
     * Moves bytes from {@code buf[pos, end)} into the held sequence until it is complete; returns how many were
     * taken.
     */
    int complete(ByteBuffer buf, int pos, int end) {
        int n = Math.min(SEQUENCE - length, end - pos);
        buf.get(pos, bytes, length, n);
        length += n;
        return n;
    }

    /** True when the held sequence has all its bytes. */
    boolean isComplete() {
        return length == SEQUENCE;
    }

    /** The complete sequence as a buffer over the internal array, and forgets it (the array is reused later). */
    ByteBuffer takeComplete() {
        ByteBuffer complete = ByteBuffer.wrap(bytes, 0, length);
        length = 0;
        return complete;
    }

    /** Holds the last {@code n} bytes before {@code end}, as found by {@link #incompleteTail}. */
    void hold(ByteBuffer buf, int end, int n) {
        buf.get(end - n, bytes, 0, n);
        length = n;
    }

    void clear() {
        length = 0;
    }

    /**
     * The number of bytes (1 to 3) at the end of {@code buf[pos, end)} that begin a 4-byte sequence not finished
     * inside it, else 0.
     */
    static int incompleteTail(ByteBuffer buf, int pos, int end) {
        for (int k = 1; k < SEQUENCE && end - k >= pos; k++) {
            int b = buf.get(end - k) & 0xFF;
            if ((b & 0xC0) == 0x80) continue; // continuation byte: look further back for the lead byte
            return (b & 0xF8) == 0xF0 ? k : 0; // a 4-byte lead with only k bytes present
        }
        return 0;
    }
}
