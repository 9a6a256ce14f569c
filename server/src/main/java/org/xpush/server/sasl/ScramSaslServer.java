package org.xpush.server.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.ongres.scram.common.ClientFirstMessage;
import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.exception.ScramParseException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.account.Account;
import org.xpush.server.account.ScramCredentials;

/**
 * The server side of SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677) without channel binding.
 *
 * <pre>
 *   client-first  →  server-first (challenge)  →  client-final  →  success with v=ServerSignature
 * </pre>
 *
 * <p>scram-common's {@link ClientFirstMessage#parseFrom} checks the client-first-message's structure and gives the
 * channel-binding flag and nonce. The user name, authzid and client-first-message-bare are taken from the raw text
 * instead: scram-common 3.2 re-escapes a parsed saslname ({@code =2C} comes back as {@code =3D2C}) and re-applies
 * SASLprep, while the AuthMessage must use exactly the bytes the client sent (RFC 5802 §3).
 */
final class ScramSaslServer implements SaslServer {

    private static final Logger log = LoggerFactory.getLogger(ScramSaslServer.class);

    private enum State {
        NEW,
        AWAITING_CLIENT_FIRST,
        AWAITING_CLIENT_FINAL,
        DONE
    }

    private final ScramHash hash;
    private final Function<String, Optional<Account>> lookup;
    private final DecoyCredentials decoys;
    private final Supplier<String> serverNonces;

    private State state = State.NEW;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String combinedNonce;
    private ScramCredentials credentials;
    private String username; // null when the account does not exist

    ScramSaslServer(
            ScramHash hash,
            Function<String, Optional<Account>> lookup,
            DecoyCredentials decoys,
            Supplier<String> serverNonces) {
        this.hash = hash;
        this.lookup = lookup;
        this.decoys = decoys;
        this.serverNonces = serverNonces;
    }

    @Override
    public String mechanism() {
        return hash.mechanismName();
    }

    @Override
    public SaslStep start(byte[] initialResponse) {
        if (state != State.NEW) return fail(SaslFailure.MALFORMED_REQUEST, "exchange already started");
        if (initialResponse == null) {
            // RFC 6120 §6.4.2: no initial response; an empty challenge asks for the client-first-message
            state = State.AWAITING_CLIENT_FIRST;
            return new SaslStep.Challenge(new byte[0]);
        }
        return clientFirst(initialResponse);
    }

    @Override
    public SaslStep respond(byte[] response) {
        byte[] data = response == null ? new byte[0] : response;
        return switch (state) {
            case AWAITING_CLIENT_FIRST -> clientFirst(data);
            case AWAITING_CLIENT_FINAL -> clientFinal(data);
            case NEW, DONE -> fail(SaslFailure.MALFORMED_REQUEST, "no exchange in progress");
        };
    }

    private SaslStep clientFirst(byte[] data) {
        String message = SaslStrings.utf8OrNull(data);
        if (message == null || message.isEmpty()) {
            return fail(SaslFailure.MALFORMED_REQUEST, "not a client-first-message");
        }
        ClientFirstMessage parsed;
        try {
            parsed = ClientFirstMessage.parseFrom(message);
        } catch (ScramParseException | IllegalArgumentException e) {
            return fail(SaslFailure.MALFORMED_REQUEST, "malformed client-first-message");
        }
        if (parsed.isChannelBindingRequired()) {
            // RFC 5802 §6: "p" asks for channel binding, which only the -PLUS mechanisms (not offered) provide
            return fail(SaslFailure.MALFORMED_REQUEST, "channel binding is not supported");
        }
        // gs2-header = gs2-cbind-flag "," [ authzid ] ","  (parseFrom has checked there are at least four fields)
        int firstComma = message.indexOf(',');
        int secondComma = message.indexOf(',', firstComma + 1);
        String authzidField = message.substring(firstComma + 1, secondComma);
        String bare = message.substring(secondComma + 1);
        String clientNonce = parsed.getClientNonce();
        String authcid;
        String authzid;
        try {
            authcid = SaslStrings.decodeSaslName(bare.substring(2, bare.indexOf(',')));
            if (authzidField.isEmpty()) {
                authzid = null;
            } else if (authzidField.startsWith("a=") && authzidField.length() > 2) {
                authzid = SaslStrings.decodeSaslName(authzidField.substring(2));
            } else {
                return fail(SaslFailure.MALFORMED_REQUEST, "malformed authzid");
            }
        } catch (IllegalArgumentException e) {
            return fail(SaslFailure.MALFORMED_REQUEST, "malformed saslname");
        }
        if (!SaslStrings.isPrintableNonce(clientNonce)) return fail(SaslFailure.MALFORMED_REQUEST, "malformed nonce");

        Optional<String> key = SaslStrings.normalizeUsername(authcid);
        if (authzid != null && !(key.isPresent() && key.equals(SaslStrings.normalizeUsername(authzid)))) {
            return fail(SaslFailure.INVALID_AUTHZID, "may only authorize as the authenticated user");
        }
        Optional<Account> account;
        try {
            account = key.isPresent() ? lookup.apply(key.get()) : Optional.empty();
        } catch (RuntimeException e) {
            log.warn("{}: account lookup failed", mechanism(), e);
            return fail(SaslFailure.TEMPORARY_AUTH_FAILURE, null);
        }
        // Unknown users get a stable decoy salt and fail only at the proof, exactly like a wrong password.
        username = account.map(Account::username).orElse(null);
        credentials = account.map(hash::credentialsOf)
                .orElseGet(() -> decoys.forUnknownUser(hash, key.orElse(authcid)));

        gs2Header = message.substring(0, secondComma + 1);
        clientFirstBare = bare;
        combinedNonce = clientNonce + serverNonces.get();
        serverFirst = "r=" + combinedNonce
                + ",s=" + Base64.getEncoder().encodeToString(credentials.salt())
                + ",i=" + credentials.iterations();
        state = State.AWAITING_CLIENT_FINAL;
        return new SaslStep.Challenge(serverFirst.getBytes(UTF_8));
    }

    private SaslStep clientFinal(byte[] data) {
        String message = SaslStrings.utf8OrNull(data);
        if (message == null) return fail(SaslFailure.MALFORMED_REQUEST, "not a client-final-message");
        ScramClientFinal parsed;
        try {
            parsed = ScramClientFinal.parse(message);
        } catch (IllegalArgumentException e) {
            return fail(SaslFailure.MALFORMED_REQUEST, "malformed client-final-message");
        }
        if (parsed.proof().length != hash.hashLength()) return fail(SaslFailure.MALFORMED_REQUEST, "bad proof length");
        // RFC 5802 §5.1: c= is the GS2 header (no channel-binding data without -PLUS); r= is the nonce we sent
        if (!MessageDigest.isEqual(parsed.channelBinding(), gs2Header.getBytes(UTF_8))) {
            return fail(SaslFailure.NOT_AUTHORIZED, "channel binding does not match");
        }
        if (!parsed.nonce().equals(combinedNonce)) return fail(SaslFailure.NOT_AUTHORIZED, "nonce does not match");

        String authMessage = clientFirstBare + "," + serverFirst + "," + parsed.withoutProof();
        boolean proofValid = ScramFunctions.verifyClientProof(
                hash.mechanism(), parsed.proof(), credentials.storedKey(), authMessage);
        if (!proofValid || username == null) return fail(SaslFailure.NOT_AUTHORIZED, null);

        byte[] serverSignature = ScramFunctions.serverSignature(hash.mechanism(), credentials.serverKey(), authMessage);
        state = State.DONE;
        // RFC 6120 §6.4.6: the server-final-message travels as additional data with <success/>
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
        return new SaslStep.Success(username, serverFinal.getBytes(UTF_8));
    }

    private SaslStep fail(SaslFailure condition, String text) {
        state = State.DONE;
        return new SaslStep.Failure(condition, text);
    }
}
