package org.xpush.server.sasl;

import javax.security.auth.callback.CallbackHandler;
import org.jivesoftware.smack.SmackException.SmackSaslException;
import org.jivesoftware.smack.sasl.SASLMechanism;

/**
 * SCRAM-SHA-256 for Smack 4.4, which ships only SCRAM-SHA-1 (its SCRAM base class hard-codes SHA-1 for H()).
 * Wraps the RFC-written {@link ScramTestClient} so integration tests can log in with SCRAM-SHA-256 through a
 * real Smack connection.
 */
public final class SmackScramSha256Mechanism extends SASLMechanism {

    public static final String NAME = "SCRAM-SHA-256";

    private ScramTestClient client;
    private int step;
    private boolean serverVerified;

    @Override
    protected void authenticateInternal(CallbackHandler cbh) {
        throw new UnsupportedOperationException("callback handlers are not supported");
    }

    @Override
    protected byte[] getAuthenticationText() {
        client = ScramTestClient.of(ScramHash.SHA_256, authenticationId, password);
        return client.clientFirst();
    }

    /** Step 0: server-first, answered with client-final. Step 1: the server-final "v=" sent with success. */
    @Override
    protected byte[] evaluateChallenge(byte[] challenge) throws SmackSaslException {
        switch (step++) {
            case 0:
                return client.clientFinal(challenge);
            case 1:
                serverVerified = client.verifyServerFinal(challenge);
                if (!serverVerified) throw new SmackSaslException("server signature does not match");
                return null;
            default:
                throw new SmackSaslException("unexpected challenge");
        }
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getPriority() {
        return 90; // before SCRAM-SHA-1 (110): lower is preferred
    }

    @Override
    protected void checkIfSuccessfulOrThrow() throws SmackSaslException {
        if (!serverVerified) throw new SmackSaslException("server did not prove it knows the password");
    }

    @Override
    protected SASLMechanism newInstance() {
        return new SmackScramSha256Mechanism();
    }
}
