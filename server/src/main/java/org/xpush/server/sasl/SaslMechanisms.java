package org.xpush.server.sasl;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.xpush.server.account.Account;

/**
 * The SASL mechanisms the server offers (RFC 6120 §6.3.3) and the factory of their exchanges: SCRAM-SHA-256,
 * SCRAM-SHA-1 and PLAIN. No -PLUS (channel binding) variants.
 *
 * <p>User names: the authentication identity a client sends is normalised with SASLprep (RFC 4013) and then
 * lower-cased ({@link java.util.Locale#ROOT}) before the account lookup; see {@link #normalizeUsername}. An
 * authorization identity is accepted only when it is empty or names the same user.
 *
 * <p>Thread-safe: one instance serves all connections. The exchanges it creates are not thread-safe.
 */
public final class SaslMechanisms {

    private static final List<String> WITH_PLAIN =
            List.of(ScramHash.SHA_256.mechanismName(), ScramHash.SHA_1.mechanismName(), PlainSaslServer.MECHANISM);
    private static final List<String> WITHOUT_PLAIN =
            List.of(ScramHash.SHA_256.mechanismName(), ScramHash.SHA_1.mechanismName());

    /** Random bytes in a server nonce; base64 of 18 bytes is 24 characters without padding. */
    private static final int NONCE_BYTES = 18;

    private final Function<String, Optional<Account>> lookup;
    private final boolean plainWithoutTls;
    private final Supplier<String> serverNonces;
    private final DecoyCredentials decoys;

    /**
     * @param lookup          finds an account by (already normalised, lower-case) user name; may block
     * @param plainWithoutTls whether PLAIN may be used on an unencrypted stream (configuration)
     */
    public SaslMechanisms(Function<String, Optional<Account>> lookup, boolean plainWithoutTls) {
        this(lookup, plainWithoutTls, new SecureRandom(), null);
    }

    /** For tests: {@code serverNonces} supplies the server's part of each SCRAM nonce (printable, no ','). */
    SaslMechanisms(Function<String, Optional<Account>> lookup, boolean plainWithoutTls, Supplier<String> serverNonces) {
        this(lookup, plainWithoutTls, new SecureRandom(), serverNonces);
    }

    private SaslMechanisms(
            Function<String, Optional<Account>> lookup,
            boolean plainWithoutTls,
            SecureRandom random,
            Supplier<String> serverNonces) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.plainWithoutTls = plainWithoutTls;
        this.serverNonces = serverNonces != null ? serverNonces : () -> randomNonce(random);
        this.decoys = new DecoyCredentials(random);
    }

    /**
     * Mechanism names to advertise, preferred first: SCRAM-SHA-256, SCRAM-SHA-1, and PLAIN when the stream is
     * encrypted or PLAIN is allowed without TLS. Unmodifiable.
     */
    public List<String> advertised(boolean secure) {
        return secure || plainWithoutTls ? WITH_PLAIN : WITHOUT_PLAIN;
    }

    /**
     * A new exchange for the mechanism the client selected, or null if the mechanism is unknown or not allowed on
     * this stream (the caller answers {@code <invalid-mechanism/>}, or {@code <encryption-required/>} for PLAIN).
     */
    public SaslServer create(String mechanism, boolean secure) {
        if (mechanism == null) return null;
        return switch (mechanism) {
            case "SCRAM-SHA-256" -> new ScramSaslServer(ScramHash.SHA_256, lookup, decoys, serverNonces);
            case "SCRAM-SHA-1" -> new ScramSaslServer(ScramHash.SHA_1, lookup, decoys, serverNonces);
            case PlainSaslServer.MECHANISM -> secure || plainWithoutTls ? new PlainSaslServer(lookup, decoys) : null;
            default -> null;
        };
    }

    /**
     * The account user name for an authentication identity, as the mechanisms look it up: SASLprep (RFC 4013,
     * stored-strings profile), then lower case. Empty when SASLprep rejects the name. Store new accounts under this
     * form so that they can log in.
     */
    public static Optional<String> normalizeUsername(String authenticationId) {
        return SaslStrings.normalizeUsername(authenticationId);
    }

    private static String randomNonce(SecureRandom random) {
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes); // base64 has no ','
    }
}
