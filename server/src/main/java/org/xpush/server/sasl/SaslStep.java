package org.xpush.server.sasl;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the server answers to one client message of a SASL exchange (RFC 6120 §6.4): another challenge, success
 * or failure. Success and failure end the exchange.
 */
public sealed interface SaslStep {

    /**
     * The server needs another response: sent as {@code <challenge/>}.
     *
     * @param data the challenge bytes (empty for an empty challenge, sent as {@code =})
     */
    record Challenge(byte[] data) implements SaslStep {
        public Challenge {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Challenge c && Arrays.equals(data, c.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Challenge[" + data.length + " bytes]";
        }
    }

    /**
     * The client is authenticated: sent as {@code <success/>}.
     *
     * @param username       the authenticated account's user name (lower case, as stored)
     * @param additionalData additional data with success (RFC 6120 §6.4.6; SCRAM's {@code v=ServerSignature}),
     *                       or null when there is none
     */
    record Success(String username, byte[] additionalData) implements SaslStep {
        public Success {
            Objects.requireNonNull(username, "username");
            additionalData = additionalData == null ? null : additionalData.clone();
        }

        @Override
        public byte[] additionalData() {
            return additionalData == null ? null : additionalData.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Success s
                    && username.equals(s.username)
                    && Arrays.equals(additionalData, s.additionalData);
        }

        @Override
        public int hashCode() {
            return username.hashCode();
        }

        @Override
        public String toString() {
            return "Success[" + username + "]";
        }
    }

    /**
     * Authentication failed: sent as {@code <failure/>}.
     *
     * @param condition the defined condition
     * @param text      a human-readable description for {@code <text/>}, or null; never contains secrets
     */
    record Failure(SaslFailure condition, String text) implements SaslStep {
        public Failure {
            Objects.requireNonNull(condition, "condition");
        }
    }
}
