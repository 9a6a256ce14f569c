package org.xpush.server.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainSaslServerTest {

    private final SaslMechanisms mechanisms = new SaslMechanisms(new TestAccounts().with("alice", "s3cret"), false);

    private SaslStep plain(String message) {
        return mechanisms.create("PLAIN", true).start(message.getBytes(UTF_8));
    }

    private static void assertFailure(SaslStep step, SaslFailure condition) {
        assertThat(step).isInstanceOf(SaslStep.Failure.class);
        assertThat(((SaslStep.Failure) step).condition()).isEqualTo(condition);
    }

    @Test
    void correctPasswordSucceedsWithoutAdditionalData() {
        assertThat(plain("\0alice\0s3cret")).isEqualTo(new SaslStep.Success("alice", null));
    }

    @Test
    void userNameIsCaseInsensitive() {
        assertThat(plain("\0ALICE\0s3cret")).isEqualTo(new SaslStep.Success("alice", null));
    }

    @Test
    void authzidEqualToTheUserIsAccepted() {
        assertThat(plain("alice\0alice\0s3cret")).isEqualTo(new SaslStep.Success("alice", null));
    }

    @Test
    void authzidOfAnotherUserIsRefused() {
        assertFailure(plain("admin\0alice\0s3cret"), SaslFailure.INVALID_AUTHZID);
    }

    @Test
    void wrongPasswordAndUnknownUserFailAlike() {
        assertThat(plain("\0alice\0wrong")).isEqualTo(new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, null));
        assertThat(plain("\0mallory\0s3cret")).isEqualTo(new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, null));
    }

    @Test
    void withoutInitialResponseTheServerAsksWithAnEmptyChallenge() {
        SaslServer server = mechanisms.create("PLAIN", true);
        assertThat(server.mechanism()).isEqualTo("PLAIN");
        assertThat(server.start(null)).isEqualTo(new SaslStep.Challenge(new byte[0]));
        assertThat(server.respond("\0alice\0s3cret".getBytes(UTF_8))).isInstanceOf(SaslStep.Success.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alices3cret", "alice\0s3cret", "\0alice\0s3cret\0", "\0\0s3cret", "\0alice\0"})
    void malformedMessages(String message) {
        assertFailure(plain(message), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void messageThatIsNotUtf8IsMalformed() {
        byte[] message = {0, 'a', 'l', 'i', 'c', 'e', 0, (byte) 0xFF, (byte) 0xFE};
        assertFailure(mechanisms.create("PLAIN", true).start(message), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void theExchangeIsOverAfterOneMessage() {
        SaslServer server = mechanisms.create("PLAIN", true);
        assertThat(server.start("\0alice\0wrong".getBytes(UTF_8))).isInstanceOf(SaslStep.Failure.class);
        assertFailure(server.respond("\0alice\0s3cret".getBytes(UTF_8)), SaslFailure.MALFORMED_REQUEST);
    }
}
