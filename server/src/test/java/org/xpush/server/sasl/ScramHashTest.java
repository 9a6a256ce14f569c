package org.xpush.server.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xpush.server.account.ScramCredentials;

class ScramHashTest {

    @Test
    void mechanismNames() {
        assertThat(ScramHash.SHA_1.mechanismName()).isEqualTo("SCRAM-SHA-1");
        assertThat(ScramHash.SHA_256.mechanismName()).isEqualTo("SCRAM-SHA-256");
    }

    @ParameterizedTest
    @EnumSource(ScramHash.class)
    void derivesWithFreshSaltAndDefaultIterations(ScramHash hash) {
        ScramCredentials a = hash.derive("pencil");
        ScramCredentials b = hash.derive("pencil");
        assertThat(a.iterations()).isEqualTo(ScramHash.DEFAULT_ITERATIONS).isEqualTo(4096);
        assertThat(a.salt()).hasSize(16).isNotEqualTo(b.salt());
        assertThat(a.storedKey()).hasSize(hash.hashLength()).isNotEqualTo(b.storedKey());
        assertThat(a.serverKey()).hasSize(hash.hashLength());
    }

    @Test
    void givenSaltAndIterationsDerivationIsDeterministic() {
        // The values themselves are checked against RFC 5802 §5 and RFC 7677 §3 in ScramSaslServerTest: the
        // examples' ClientProof verifies only against the right StoredKey and their ServerSignature needs ServerKey.
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        ScramCredentials stored = ScramHash.SHA_256.derive("pencil", salt, 4096);
        assertThat(ScramHash.SHA_256.derive("pencil", salt, 4096)).isEqualTo(stored);
        assertThat(stored.salt()).isEqualTo(salt);
        assertThat(stored.iterations()).isEqualTo(4096);
    }

    @ParameterizedTest
    @EnumSource(ScramHash.class)
    void verifiesOnlyTheRightPassword(ScramHash hash) {
        ScramCredentials stored = hash.derive("pencil");
        assertThat(hash.verify("pencil", stored)).isTrue();
        assertThat(hash.verify("Pencil", stored)).isFalse();
        assertThat(hash.verify("", stored)).isFalse();
        assertThat(hash.verify(null, stored)).isFalse();
        assertThat(hash.verify("bell\u0007", stored)).isFalse();
    }

    @Test
    void passwordsAreSaslPrepped() {
        // RFC 4013 §3: "I<U+00AD>X" prepares to "IX"; U+00AA prepares to "a"
        ScramCredentials stored = ScramHash.SHA_256.derive("IX");
        assertThat(ScramHash.SHA_256.verify("I\u00ADX", stored)).isTrue();
        assertThat(ScramHash.SHA_1.verify("\u00AA", ScramHash.SHA_1.derive("a"))).isTrue();
    }

    @Test
    void refusesPasswordsThatCannotBeUsed() {
        assertThatThrownBy(() -> ScramHash.SHA_256.derive("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScramHash.SHA_256.derive("bell\u0007")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScramHash.SHA_256.derive("x", new byte[0], 4096))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScramHash.SHA_256.derive("x", new byte[16], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
