package org.xpush.server.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SaslMechanismsTest {

    private final TestAccounts accounts = new TestAccounts();

    @Test
    void advertisesScramFirstAndPlainOnlyOnEncryptedStreams() {
        var mechanisms = new SaslMechanisms(accounts, false);
        assertThat(mechanisms.advertised(true)).containsExactly("SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");
        assertThat(mechanisms.advertised(false)).containsExactly("SCRAM-SHA-256", "SCRAM-SHA-1");
    }

    @Test
    void advertisesPlainOnUnencryptedStreamsWhenConfigured() {
        var mechanisms = new SaslMechanisms(accounts, true);
        assertThat(mechanisms.advertised(false)).containsExactly("SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");
    }

    @Test
    void createsOnlyOfferedMechanisms() {
        var mechanisms = new SaslMechanisms(accounts, false);
        assertThat(mechanisms.create("SCRAM-SHA-256", false).mechanism()).isEqualTo("SCRAM-SHA-256");
        assertThat(mechanisms.create("SCRAM-SHA-1", false).mechanism()).isEqualTo("SCRAM-SHA-1");
        assertThat(mechanisms.create("PLAIN", true).mechanism()).isEqualTo("PLAIN");
        assertThat(mechanisms.create("PLAIN", false)).isNull();
        assertThat(mechanisms.create("SCRAM-SHA-256-PLUS", true)).isNull();
        assertThat(mechanisms.create("DIGEST-MD5", true)).isNull();
        assertThat(mechanisms.create("scram-sha-1", true)).isNull();
        assertThat(mechanisms.create(null, true)).isNull();
        assertThat(new SaslMechanisms(accounts, true).create("PLAIN", false)).isNotNull();
    }

    @Test
    void advertisedListsAreUnmodifiable() {
        var list = new SaslMechanisms(accounts, false).advertised(true);
        assertThatThrownBy(() -> list.add("X"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void userNamesAreSaslPreppedThenLowerCased() {
        assertThat(SaslMechanisms.normalizeUsername("Alice")).contains("alice");
        assertThat(SaslMechanisms.normalizeUsername("al\u00ADice")).contains("alice"); // soft hyphen removed
        assertThat(SaslMechanisms.normalizeUsername("\u2168")).contains("ix"); // ROMAN NUMERAL NINE, NFKC
        assertThat(SaslMechanisms.normalizeUsername("bell\u0007")).isEmpty(); // control characters are prohibited
        assertThat(SaslMechanisms.normalizeUsername("")).isEmpty();
        assertThat(SaslMechanisms.normalizeUsername(null)).isEqualTo(Optional.empty());
    }

    @Test
    void theAsciiShortcutGivesWhatSaslprepGivesForEveryAsciiCharacter() {
        for (char c = 0; c < 0x80; c++) {
            for (String name : new String[] {String.valueOf(c), "Ab" + c + "Cd", c + "device-" + c}) {
                assertThat(SaslStrings.normalizeUsername(name)).as("U+%04X in %s", (int) c, name)
                        .isEqualTo(SaslStrings.prepared(name));
            }
        }
    }

    @Test
    void failureElementNamesFollowRfc6120() {
        assertThat(SaslFailure.NOT_AUTHORIZED.elementName()).isEqualTo("not-authorized");
        assertThat(SaslFailure.TEMPORARY_AUTH_FAILURE.elementName()).isEqualTo("temporary-auth-failure");
        assertThat(SaslFailure.INVALID_AUTHZID.elementName()).isEqualTo("invalid-authzid");
    }

    @Test
    void stepsCopyTheirBytes() {
        byte[] data = {1, 2, 3};
        var challenge = new SaslStep.Challenge(data);
        data[0] = 9;
        challenge.data()[1] = 9;
        assertThat(challenge.data()).containsExactly(1, 2, 3);
        assertThat(new SaslStep.Success("u", null).additionalData()).isNull();
    }
}
