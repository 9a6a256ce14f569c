package org.xpush.server.sasl;

import com.ongres.scram.common.StringPreparation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** The text handling the SASL mechanisms share: strict UTF-8, SCRAM saslname escaping, user name normalisation. */
final class SaslStrings {

    private SaslStrings() {}

    /** Decodes strict UTF-8 (RFC 4616 and RFC 5802 messages are UTF-8), or returns null if the bytes are not. */
    static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Decodes a SCRAM saslname (RFC 5802 §5.1): {@code =2C} is ',' and {@code =3D} is '='; any other '=' or a
     * raw ',' is malformed.
     *
     * @throws IllegalArgumentException if the value is not a valid saslname
     */
    static String decodeSaslName(String value) {
        if (value.indexOf('=') < 0) {
            if (value.indexOf(',') >= 0) throw new IllegalArgumentException("',' in saslname");
            return value;
        }
        StringBuilder decoded = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',') throw new IllegalArgumentException("',' in saslname");
            if (c != '=') {
                decoded.append(c);
            } else if (value.startsWith("2C", i + 1)) {
                decoded.append(',');
                i += 2;
            } else if (value.startsWith("3D", i + 1)) {
                decoded.append('=');
                i += 2;
            } else {
                throw new IllegalArgumentException("bad '=' escape in saslname");
            }
        }
        return decoded.toString();
    }

    /**
     * The account user name an authentication identity names: SASLprep (RFC 4013, stored-strings profile, the
     * normalisation RFC 5802 asks for), then lower case ({@link Locale#ROOT}). Empty when SASLprep rejects the name
     * (no account can have it).
     */
    static Optional<String> normalizeUsername(String authenticationId) {
        if (authenticationId == null || authenticationId.isEmpty()) return Optional.empty();
        // printable ASCII and space are assigned, neither mapped nor prohibited, and NFKC leaves them alone:
        // SASLprep returns such a name unchanged (the common case: device accounts are UUIDs)
        if (isPrintableAscii(authenticationId)) return Optional.of(authenticationId.toLowerCase(Locale.ROOT));
        return prepared(authenticationId);
    }

    /** {@link #normalizeUsername} without the ASCII shortcut: always through SASLprep (tests compare the two). */
    static Optional<String> prepared(String authenticationId) {
        try {
            char[] prepared = StringPreparation.SASL_PREPARATION.normalize(authenticationId.toCharArray());
            return Optional.of(new String(prepared).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) { // prohibited, or maps to nothing
            return Optional.empty(); // prohibited or unassigned code points, or nothing left after mapping
        }
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) return false;
        }
        return true;
    }

    /** Whether a SCRAM nonce consists of printable ASCII without ',' (RFC 5802 §7 "printable"). */
    static boolean isPrintableNonce(String nonce) {
        if (nonce.isEmpty()) return false;
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') return false;
        }
        return true;
    }
}
