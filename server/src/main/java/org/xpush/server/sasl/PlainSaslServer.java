package org.xpush.server.sasl;

import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.account.Account;
import org.xpush.server.account.ScramCredentials;

/**
 * The server side of PLAIN (RFC 4616): {@code message = [authzid] NUL authcid NUL passwd}, in UTF-8. The password
 * is checked against the account's SCRAM-SHA-256 credentials; unknown users cost the same PBKDF2 work as known
 * ones, so timing does not reveal which names exist.
 */
final class PlainSaslServer implements SaslServer {

    static final String MECHANISM = "PLAIN";

    private static final Logger log = LoggerFactory.getLogger(PlainSaslServer.class);

    private enum State {
        NEW,
        AWAITING_RESPONSE,
        DONE
    }

    private final Function<String, Optional<Account>> lookup;
    private final DecoyCredentials decoys;
    private State state = State.NEW;

    PlainSaslServer(Function<String, Optional<Account>> lookup, DecoyCredentials decoys) {
        this.lookup = lookup;
        this.decoys = decoys;
    }

    @Override
    public String mechanism() {
        return MECHANISM;
    }

    @Override
    public SaslStep start(byte[] initialResponse) {
        if (state != State.NEW) return fail(SaslFailure.MALFORMED_REQUEST, "exchange already started");
        if (initialResponse == null) {
            // RFC 6120 §6.4.2: no initial response, so send an empty challenge and wait for the message
            state = State.AWAITING_RESPONSE;
            return new SaslStep.Challenge(new byte[0]);
        }
        return authenticate(initialResponse);
    }

    @Override
    public SaslStep respond(byte[] response) {
        if (state != State.AWAITING_RESPONSE) return fail(SaslFailure.MALFORMED_REQUEST, "no exchange in progress");
        return authenticate(response == null ? new byte[0] : response);
    }

    private SaslStep authenticate(byte[] data) {
        state = State.DONE;
        String message = SaslStrings.utf8OrNull(data);
        if (message == null) return fail(SaslFailure.MALFORMED_REQUEST, "not UTF-8");
        int firstNul = message.indexOf('\0');
        int secondNul = firstNul < 0 ? -1 : message.indexOf('\0', firstNul + 1);
        if (secondNul < 0 || message.indexOf('\0', secondNul + 1) >= 0) {
            return fail(SaslFailure.MALFORMED_REQUEST, "expected [authzid] NUL authcid NUL passwd");
        }
        String authzid = message.substring(0, firstNul);
        String authcid = message.substring(firstNul + 1, secondNul);
        String password = message.substring(secondNul + 1);
        if (authcid.isEmpty() || password.isEmpty()) {
            return fail(SaslFailure.MALFORMED_REQUEST, "empty authcid or password");
        }

        Optional<String> key = SaslStrings.normalizeUsername(authcid);
        if (!authzid.isEmpty() && !(key.isPresent() && key.equals(SaslStrings.normalizeUsername(authzid)))) {
            return fail(SaslFailure.INVALID_AUTHZID, "may only authorize as the authenticated user");
        }
        Optional<Account> account;
        try {
            account = key.isPresent() ? lookup.apply(key.get()) : Optional.empty();
        } catch (RuntimeException e) {
            log.warn("PLAIN: account lookup failed", e);
            return fail(SaslFailure.TEMPORARY_AUTH_FAILURE, null);
        }
        ScramCredentials credentials = account.map(ScramHash.SHA_256::credentialsOf)
                .orElseGet(() -> decoys.forUnknownUser(ScramHash.SHA_256, key.orElse(authcid)));
        boolean passwordMatches = ScramHash.SHA_256.verify(password, credentials);
        if (account.isEmpty() || !passwordMatches) return fail(SaslFailure.NOT_AUTHORIZED, null);
        return new SaslStep.Success(account.get().username(), null);
    }

    private SaslStep fail(SaslFailure condition, String text) {
        state = State.DONE;
        return new SaslStep.Failure(condition, text);
    }
}
