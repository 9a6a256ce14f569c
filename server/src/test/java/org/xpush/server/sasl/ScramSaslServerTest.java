package org.xpush.server.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xpush.server.account.Account;

class ScramSaslServerTest {

    private final SaslMechanisms mechanisms = new SaslMechanisms(new TestAccounts().with("alice", "s3cret"), false);

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static String challengeText(SaslStep step) {
        assertThat(step).isInstanceOf(SaslStep.Challenge.class);
        return new String(((SaslStep.Challenge) step).data(), UTF_8);
    }

    private static SaslStep.Failure failure(SaslFailure condition) {
        return new SaslStep.Failure(condition, null);
    }

    /** Runs a whole exchange and returns the last step. */
    private static SaslStep exchange(SaslServer server, ScramTestClient client) {
        SaslStep first = server.start(client.clientFirst());
        if (!(first instanceof SaslStep.Challenge challenge)) return first;
        return server.respond(client.clientFinal(challenge.data()));
    }

    private static void assertFailure(SaslStep step, SaslFailure condition) {
        assertThat(step).isInstanceOf(SaslStep.Failure.class);
        assertThat(((SaslStep.Failure) step).condition()).isEqualTo(condition);
    }

    @Test
    void rfc5802ExampleExchange() {
        var rfc = new SaslMechanisms(TestAccounts.rfcUser(), false, () -> "3rfcNHYJY1ZVvWVs7j");
        SaslServer server = rfc.create("SCRAM-SHA-1", true);

        SaslStep first = server.start(bytes("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"));
        assertThat(challengeText(first))
                .isEqualTo("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");

        SaslStep last = server.respond(
                bytes("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="));
        assertThat(last).isEqualTo(new SaslStep.Success("user", bytes("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=")));
    }

    @Test
    void rfc7677ExampleExchange() {
        var rfc = new SaslMechanisms(TestAccounts.rfcUser(), false, () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
        SaslServer server = rfc.create("SCRAM-SHA-256", true);

        SaslStep first = server.start(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        assertThat(challengeText(first))
                .isEqualTo("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");

        SaslStep last = server.respond(bytes("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));
        assertThat(last)
                .isEqualTo(new SaslStep.Success("user", bytes("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
    }

    @ParameterizedTest
    @EnumSource(ScramHash.class)
    void independentClientLogsInAndVerifiesTheServerSignature(ScramHash hash) {
        SaslServer server = mechanisms.create(hash.mechanismName(), false);
        assertThat(server.mechanism()).isEqualTo(hash.mechanismName());
        var client = ScramTestClient.of(hash, "alice", "s3cret");

        SaslStep result = exchange(server, client);

        assertThat(result).isInstanceOf(SaslStep.Success.class);
        var success = (SaslStep.Success) result;
        assertThat(success.username()).isEqualTo("alice");
        assertThat(client.verifyServerFinal(success.additionalData())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ScramHash.class)
    void accountsDerivedWithTheDefaultsLogIn(ScramHash hash) {
        var bob = new Account(
                "bob", ScramHash.SHA_1.derive("hunter2"), ScramHash.SHA_256.derive("hunter2"), Instant.now());
        var withBob = new SaslMechanisms(name -> Optional.of(bob).filter(a -> a.username().equals(name)), false);
        SaslServer server = withBob.create(hash.mechanismName(), true);
        var client = ScramTestClient.of(hash, "bob", "hunter2");

        String serverFirst = challengeText(server.start(client.clientFirst()));
        assertThat(serverFirst).endsWith(",i=" + ScramHash.DEFAULT_ITERATIONS);
        assertThat(server.respond(client.clientFinal(bytes(serverFirst)))).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void withoutInitialResponseTheServerSendsAnEmptyChallengeFirst() {
        SaslServer server = mechanisms.create("SCRAM-SHA-256", false);
        var client = ScramTestClient.of(ScramHash.SHA_256, "alice", "s3cret");

        assertThat(server.start(null)).isEqualTo(new SaslStep.Challenge(new byte[0]));
        SaslStep challenge = server.respond(client.clientFirst());
        assertThat(server.respond(client.clientFinal(((SaslStep.Challenge) challenge).data())))
                .isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void userNamesAreSaslPreppedAndLowerCased() {
        // U+00AD SOFT HYPHEN is mapped to nothing by SASLprep
        var client = ScramTestClient.of(ScramHash.SHA_256, "n,,", "AL\u00ADice", "s3cret", "abcdef");

        assertThat(exchange(mechanisms.create("SCRAM-SHA-256", false), client))
                .isInstanceOf(SaslStep.Success.class)
                .extracting(step -> ((SaslStep.Success) step).username())
                .isEqualTo("alice");
    }

    @Test
    void escapedCommaAndEqualsInUserNamesAreDecoded() {
        var withOddName = new SaslMechanisms(new TestAccounts().with("a,b=c", "s3cret"), false);
        var client = ScramTestClient.of(ScramHash.SHA_1, "n,,", "a=2Cb=3Dc", "s3cret", "abcdef");

        SaslStep result = exchange(withOddName.create("SCRAM-SHA-1", false), client);

        assertThat(result).isInstanceOf(SaslStep.Success.class);
        assertThat(((SaslStep.Success) result).username()).isEqualTo("a,b=c");
    }

    @Test
    void clientThatSupportsChannelBindingButSawNoPlusMechanismIsAccepted() {
        var client = ScramTestClient.of(ScramHash.SHA_256, "y,,", "alice", "s3cret", "abcdef");
        assertThat(exchange(mechanisms.create("SCRAM-SHA-256", false), client)).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void authzidNamingTheSameUserIsAccepted() {
        var client = ScramTestClient.of(ScramHash.SHA_256, "n,a=Alice,", "alice", "s3cret", "abcdef");
        assertThat(exchange(mechanisms.create("SCRAM-SHA-256", false), client)).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void authzidNamingAnotherUserIsRefused() {
        var client = ScramTestClient.of(ScramHash.SHA_256, "n,a=admin,", "alice", "s3cret", "abcdef");
        assertFailure(exchange(mechanisms.create("SCRAM-SHA-256", false), client), SaslFailure.INVALID_AUTHZID);
    }

    @Test
    void channelBindingRequestIsRefused() {
        SaslServer server = mechanisms.create("SCRAM-SHA-256", false);
        assertFailure(server.start(bytes("p=tls-exporter,,n=alice,r=abcdef")), SaslFailure.MALFORMED_REQUEST);
    }

    @ParameterizedTest
    @EnumSource(ScramHash.class)
    void wrongPasswordIsNotAuthorized(ScramHash hash) {
        var client = ScramTestClient.of(hash, "alice", "wrong");
        assertThat(exchange(mechanisms.create(hash.mechanismName(), false), client))
                .isEqualTo(failure(SaslFailure.NOT_AUTHORIZED));
    }

    @Test
    void unknownUserLooksLikeAKnownOneUntilTheProof() {
        String known = challengeText(mechanisms.create("SCRAM-SHA-256", false).start(bytes("n,,n=alice,r=abc")));
        String unknown = challengeText(mechanisms.create("SCRAM-SHA-256", false).start(bytes("n,,n=mallory,r=abc")));
        String unknownAgain =
                challengeText(mechanisms.create("SCRAM-SHA-256", false).start(bytes("n,,n=mallory,r=abc")));
        String otherUnknown = challengeText(mechanisms.create("SCRAM-SHA-256", false).start(bytes("n,,n=eve,r=abc")));

        String shape = "r=abc[A-Za-z0-9+/]{24},s=[A-Za-z0-9+/]{22}==,i=4096";
        assertThat(known).matches(shape);
        assertThat(unknown).matches(shape);
        assertThat(salt(unknownAgain)).isEqualTo(salt(unknown)); // stable, like a stored salt
        assertThat(salt(otherUnknown)).isNotEqualTo(salt(unknown));
        assertThat(exchange(
                        mechanisms.create("SCRAM-SHA-256", false),
                        ScramTestClient.of(ScramHash.SHA_256, "mallory", "s3cret")))
                .isEqualTo(failure(SaslFailure.NOT_AUTHORIZED));
    }

    private static byte[] salt(String serverFirst) {
        String s = serverFirst.substring(serverFirst.indexOf(",s=") + 3, serverFirst.indexOf(",i="));
        return Base64.getDecoder().decode(s);
    }

    @Test
    void serverNoncesAreLongRandomAndCommaFree() {
        String a = challengeText(mechanisms.create("SCRAM-SHA-1", false).start(bytes("n,,n=alice,r=abc")));
        String b = challengeText(mechanisms.create("SCRAM-SHA-1", false).start(bytes("n,,n=alice,r=abc")));
        String nonceA = a.substring("r=abc".length(), a.indexOf(','));
        String nonceB = b.substring("r=abc".length(), b.indexOf(','));
        assertThat(nonceA).hasSizeGreaterThanOrEqualTo(24).doesNotContain(",").isNotEqualTo(nonceB);
    }

    @Test
    void tamperedNonceIsNotAuthorized() {
        SaslServer server = mechanisms.create("SCRAM-SHA-256", false);
        var client = ScramTestClient.of(ScramHash.SHA_256, "n,,", "alice", "s3cret", "abcdef");
        String serverFirst = challengeText(server.start(client.clientFirst()));
        String tampered = serverFirst.replace("r=abcdef", "r=abcdefX");

        assertFailure(server.respond(client.clientFinal(bytes(tampered))), SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void channelBindingDataOtherThanTheGs2HeaderIsNotAuthorized() {
        SaslServer server = mechanisms.create("SCRAM-SHA-256", false);
        var client = ScramTestClient.of(ScramHash.SHA_256, "n,,", "alice", "s3cret", "abcdef");
        String serverFirst = challengeText(server.start(client.clientFirst()));
        String clientFinal = new String(client.clientFinal(bytes(serverFirst)), UTF_8);

        String tampered = clientFinal.replace("c=biws", "c=eSws"); // "y,," instead of the "n,," sent
        assertFailure(server.respond(bytes(tampered)), SaslFailure.NOT_AUTHORIZED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "n,,", "n,,r=abc", "n,,n=alice", "x,,n=alice,r=abc", "n,x,n=alice,r=abc",
        "n,,n=al=ice,r=abc", "n,,m=ext,n=alice,r=abc", "n,,n=alice,r=a\u00e9", "n=tls-unique,,n=alice,r=abc"})
    void malformedClientFirstMessages(String message) {
        assertFailure(mechanisms.create("SCRAM-SHA-256", false).start(bytes(message)), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void clientFirstThatIsNotUtf8IsMalformed() {
        byte[] message = {'n', ',', ',', 'n', '=', (byte) 0xC3, ',', 'r', '=', 'a'};
        assertFailure(mechanisms.create("SCRAM-SHA-256", false).start(message), SaslFailure.MALFORMED_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "c=biws", "c=biws,r=NONCE", "r=NONCE,c=biws,p=PROOF", "c=!!!,r=NONCE,p=PROOF",
        "c=biws,r=NONCE,p=%%%", "c=biws,r=NONCE,p=AAAA", "c=biws,r=NONCE,1=x,p=PROOF", "c=biws,r=,p=PROOF"})
    void malformedClientFinalMessages(String template) {
        SaslServer server = mechanisms.create("SCRAM-SHA-1", false);
        var client = ScramTestClient.of(ScramHash.SHA_1, "n,,", "alice", "s3cret", "abcdef");
        String serverFirst = challengeText(server.start(client.clientFirst()));
        String valid = new String(client.clientFinal(bytes(serverFirst)), UTF_8);
        String nonce = serverFirst.substring(2, serverFirst.indexOf(','));
        String proof = valid.substring(valid.indexOf(",p=") + 3);

        SaslStep result = server.respond(bytes(template.replace("NONCE", nonce).replace("PROOF", proof)));

        assertFailure(result, SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void theExchangeIsOverAfterSuccessOrFailure() {
        SaslServer server = mechanisms.create("SCRAM-SHA-256", false);
        var client = ScramTestClient.of(ScramHash.SHA_256, "alice", "s3cret");
        byte[] clientFirst = client.clientFirst();
        SaslStep challenge = server.start(clientFirst);
        byte[] clientFinal = client.clientFinal(((SaslStep.Challenge) challenge).data());
        assertThat(server.respond(clientFinal)).isInstanceOf(SaslStep.Success.class);

        assertFailure(server.respond(clientFinal), SaslFailure.MALFORMED_REQUEST);
        assertFailure(server.start(clientFirst), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void respondBeforeStartIsMalformed() {
        assertFailure(mechanisms.create("SCRAM-SHA-1", false).respond(bytes("n,,n=alice,r=abc")),
                SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void failingAccountLookupIsATemporaryFailure() {
        var broken = new SaslMechanisms(
                name -> {
                    throw new IllegalStateException("database down");
                },
                false);
        assertFailure(
                broken.create("SCRAM-SHA-256", false).start(bytes("n,,n=alice,r=abc")),
                SaslFailure.TEMPORARY_AUTH_FAILURE);
    }
}
