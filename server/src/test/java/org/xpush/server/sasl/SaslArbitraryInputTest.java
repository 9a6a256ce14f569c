package org.xpush.server.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/** Whatever a client sends, every mechanism answers with a step and never throws. */
class SaslArbitraryInputTest {

    private static final SaslMechanisms MECHANISMS =
            new SaslMechanisms(new TestAccounts().with("alice", "s3cret").with("user", "pencil"), true);

    @Provide
    Arbitrary<String> mechanism() {
        return Arbitraries.of("SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");
    }

    /** Bytes that look like SCRAM and PLAIN messages often enough to get past the first checks. */
    @Provide
    Arbitrary<byte[]> message() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
        Arbitrary<byte[]> saslish = Arbitraries.strings()
                .withChars("nyprcsiamevNYP,=\0 +/lubw\u00e9\u00ad")
                .withCharRange('0', '9')
                .ofMaxLength(80)
                .map(s -> s.getBytes(UTF_8));
        Arbitrary<byte[]> prefixed = Arbitraries.of("n,,n=alice,r=", "y,,n=user,r=", "c=biws,r=", "n,a=", "\0alice\0")
                .flatMap(prefix -> Arbitraries.strings().ofMaxLength(40).map(tail -> (prefix + tail).getBytes(UTF_8)));
        return Arbitraries.frequencyOf(
                Tuple.of(1, raw), Tuple.of(2, saslish), Tuple.of(2, prefixed));
    }

    @Property(tries = 500)
    void startAnswersEveryInput(@ForAll("mechanism") String mechanism, @ForAll("message") byte[] initialResponse) {
        SaslServer server = MECHANISMS.create(mechanism, true);
        assertThat(server.start(initialResponse)).isNotNull();
    }

    @Property(tries = 500)
    void everyStepOfAnExchangeAnswersEveryInput(
            @ForAll("mechanism") String mechanism,
            @ForAll @Size(max = 4) List<@From("message") byte[]> responses) {
        SaslServer server = MECHANISMS.create(mechanism, true);
        assertThat(server.start(null)).isNotNull();
        for (byte[] response : responses) assertThat(server.respond(response)).isNotNull();
    }

    @Property(tries = 300)
    void arbitraryClientFinalAfterAValidClientFirstIsAnswered(
            @ForAll("mechanism") String mechanism, @ForAll("message") byte[] clientFinal) {
        SaslServer server = MECHANISMS.create(mechanism.equals("PLAIN") ? "SCRAM-SHA-1" : mechanism, true);
        assertThat(server.start("n,,n=alice,r=abc".getBytes(UTF_8))).isInstanceOf(SaslStep.Challenge.class);
        SaslStep result = server.respond(clientFinal);
        assertThat(result).isInstanceOf(SaslStep.Failure.class);
    }
}
