package org.xpush.server.sasl;

/**
 * The server side of one SASL authentication exchange (RFC 4422 §3, RFC 6120 §6.4), created by
 * {@link SaslMechanisms#create}.
 *
 * <p>Methods may block (account lookups, password hashing): callers run them on a worker or virtual thread, never on
 * a Netty event loop. Not thread-safe: one exchange, one caller at a time. Methods never throw for anything the
 * client sent; every input gives a {@link SaslStep}. After a {@link SaslStep.Success} or {@link SaslStep.Failure}
 * the exchange is over and further calls fail with {@link SaslFailure#MALFORMED_REQUEST}.
 */
public interface SaslServer {

    /** The mechanism name, e.g. {@code SCRAM-SHA-256}. */
    String mechanism();

    /**
     * Starts the exchange with the content of {@code <auth/>}.
     *
     * @param initialResponse the decoded initial response: null when the client sent none, an empty array when it
     *                        sent an empty response ({@code =}, RFC 6120 §6.4.2)
     */
    SaslStep start(byte[] initialResponse);

    /** Continues the exchange with the decoded content of {@code <response/>}. */
    SaslStep respond(byte[] response);
}
