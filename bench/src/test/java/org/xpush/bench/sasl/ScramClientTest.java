package org.xpush.bench.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The SCRAM client against the test vectors of RFC 7677 §3 (SHA-256) and RFC 5802 §5 (SHA-1), and its errors. */
class ScramClientTest {

    private static final String SHA256_SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    private static ScramClient sha256(ScramClient.KeyCache cache) {
        return new ScramClient(SaslMechanism.SCRAM_SHA_256, "user", "pencil", "rOprNGfwEbeRWgbNEkqO", cache);
    }

    @Test
    void scramSha256MatchesRfc7677() {
        ScramClient c = sha256(null);
        assertThat(c.clientFirst()).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        assertThat(c.clientFinal(SHA256_SERVER_FIRST)).isEqualTo(
                "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        c.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void scramSha1MatchesRfc5802() {
        ScramClient c = new ScramClient(SaslMechanism.SCRAM_SHA_1, "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL", null);
        assertThat(c.clientFirst()).isEqualTo("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
        assertThat(c.clientFinal("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"))
                .isEqualTo("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
        c.verifyServerFinal("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
    }

    @Test
    void cachedKeysGiveTheSameProofAndAreDerivedOncePerSalt() {
        ScramClient.KeyCache cache = new ScramClient.KeyCache();
        for (int i = 0; i < 3; i++) {
            ScramClient c = sha256(cache);
            c.clientFirst();
            assertThat(c.clientFinal(SHA256_SERVER_FIRST)).endsWith("p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
            c.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        }
        assertThat(cache.size()).isEqualTo(1);
        ScramClient other = sha256(cache);
        other.clientFirst();
        other.clientFinal(SHA256_SERVER_FIRST.replace("i=4096", "i=4097"));
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void rejectsAWrongServerSignatureAndServerErrors() {
        ScramClient c = sha256(null);
        c.clientFirst();
        c.clientFinal(SHA256_SERVER_FIRST);
        assertThatThrownBy(() -> c.verifyServerFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
                .hasMessageContaining("wrong server signature");
        assertThatThrownBy(() -> c.verifyServerFinal("e=invalid-proof")).hasMessageContaining("invalid-proof");
    }

    @Test
    void rejectsMalformedServerFirstMessages() {
        ScramClient c = sha256(null);
        c.clientFirst();
        assertThatThrownBy(() -> c.clientFinal("r=someoneElsesNonce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"))
                .hasMessageContaining("nonce");
        assertThatThrownBy(() -> c.clientFinal("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==")).hasMessageContaining("lacks");
        assertThatThrownBy(() -> c.clientFinal("r=rOprNGfwEbeRWgbNEkqOx,s=W22Z,i=x")).hasMessageContaining("iteration");
        assertThatThrownBy(() -> c.clientFinal("garbage")).hasMessageContaining("malformed");
        assertThatThrownBy(() -> c.clientFinal("r=rOprNGfwEbeRWgbNEkqOx,s=!!,i=4096")).hasMessageContaining("base64");
    }

    @Test
    void escapesUserNamesAndChoosesTheStrongestOfferedMechanism() {
        ScramClient c = new ScramClient(SaslMechanism.SCRAM_SHA_1, "a,b=c", "p", "n0", null);
        assertThat(c.clientFirst()).isEqualTo("n,,n=a=2Cb=3Dc,r=n0");
        assertThat(SaslMechanism.AUTO.choose(List.of("PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256"))).isEqualTo(SaslMechanism.SCRAM_SHA_256);
        assertThat(SaslMechanism.AUTO.choose(List.of("PLAIN", "SCRAM-SHA-1"))).isEqualTo(SaslMechanism.SCRAM_SHA_1);
        assertThat(SaslMechanism.SCRAM_SHA_256.choose(List.of("PLAIN"))).isNull();
        assertThat(SaslMechanism.parse("scram-sha-256")).isEqualTo(SaslMechanism.SCRAM_SHA_256);
        assertThatThrownBy(() -> SaslMechanism.parse("DIGEST-MD5")).hasMessageContaining("unknown SASL mechanism");
    }
}
