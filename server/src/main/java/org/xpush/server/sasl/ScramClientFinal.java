package org.xpush.server.sasl;

import java.util.Base64;

/**
 * A parsed SCRAM client-final-message (RFC 5802 §7):
 * {@code client-final-message = channel-binding "," nonce ["," extensions] "," proof}.
 *
 * @param channelBinding the decoded {@code c=} value (GS2 header plus channel-binding data)
 * @param nonce          the {@code r=} value
 * @param proof          the decoded {@code p=} ClientProof
 * @param withoutProof   the message text up to (not including) {@code ,p=}, as the AuthMessage needs it
 */
record ScramClientFinal(byte[] channelBinding, String nonce, byte[] proof, String withoutProof) {

    /** @throws IllegalArgumentException if the message does not follow the grammar or holds bad base64 */
    static ScramClientFinal parse(String message) {
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) throw new IllegalArgumentException("no proof");
        String withoutProof = message.substring(0, proofAt);
        String proof = message.substring(proofAt + 3);
        String[] fields = withoutProof.split(",", -1);
        if (fields.length < 2 || !fields[0].startsWith("c=") || !fields[1].startsWith("r=")) {
            throw new IllegalArgumentException("client-final-message must start with c= and r=");
        }
        for (int i = 2; i < fields.length; i++) {
            // extensions = attr-val *("," attr-val); we know none, but they must be well-formed
            String field = fields[i];
            char name = field.isEmpty() ? 0 : field.charAt(0);
            boolean alpha = name >= 'a' && name <= 'z' || name >= 'A' && name <= 'Z';
            if (!alpha || field.length() < 2 || field.charAt(1) != '=') {
                throw new IllegalArgumentException("bad extension");
            }
        }
        String nonce = fields[1].substring(2);
        if (nonce.isEmpty() || proof.isEmpty()) throw new IllegalArgumentException("empty nonce or proof");
        Base64.Decoder base64 = Base64.getDecoder();
        return new ScramClientFinal(base64.decode(fields[0].substring(2)), nonce, base64.decode(proof), withoutProof);
    }
}
