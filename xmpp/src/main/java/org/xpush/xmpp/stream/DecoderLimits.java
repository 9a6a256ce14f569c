package org.xpush.xmpp.stream;

/**
 * The resource limits an {@link XmlStreamDecoder} enforces on what a peer sends; each violation is a
 * {@code <policy-violation/>} stream error (RFC 6120 §4.9.3.14).
 *
 * @param maxStanzaBytes bytes of one top-level element (stanza or nonza), counted from the end of the previous
 *                       depth-1 boundary (the stream header, the previous top-level element, or whitespace
 *                       between them); enforced while the element is still arriving
 * @param maxDepth       nesting of elements inside the stream: a stanza is depth 1, its children depth 2, …
 *                       (the {@code <stream:stream>} element itself is depth 0 and not counted)
 * @param maxAttributes  attributes on one element, namespace declarations ({@code xmlns}, {@code xmlns:p})
 *                       included, since they are attributes on the wire and cost the parser the same
 * @param maxHeaderBytes bytes from the start of the stream (XML declaration included) to the end of the
 *                       stream header's {@code >}
 */
public record DecoderLimits(int maxStanzaBytes, int maxDepth, int maxAttributes, int maxHeaderBytes) {

    /** 64 KiB stanzas, depth 32, 64 attributes, 4 KiB stream header. */
    public static final DecoderLimits DEFAULT = new DecoderLimits(65536, 32, 64, 4096);

    public DecoderLimits {
        requirePositive(maxStanzaBytes, "maxStanzaBytes");
        requirePositive(maxDepth, "maxDepth");
        requirePositive(maxAttributes, "maxAttributes");
        requirePositive(maxHeaderBytes, "maxHeaderBytes");
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
}
