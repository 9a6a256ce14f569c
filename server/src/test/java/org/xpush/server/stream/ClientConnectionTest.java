package org.xpush.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xpush.server.config.ConfigLoader;
import org.xpush.server.config.ServerConfig;
import org.xpush.server.config.Setting;
import org.xpush.server.net.OutboundEncoder;
import org.xpush.server.net.XmlStreamHandler;
import org.xpush.server.routing.StanzaRouter;
import org.xpush.server.sasl.SaslMechanisms;
import org.xpush.server.session.PresenceManager;
import org.xpush.server.session.SessionManager;
import org.xpush.server.work.BlockingWork;
import org.xpush.xmpp.stream.DecoderLimits;

/** The per-connection state machine without sockets: bytes in through an EmbeddedChannel, bytes out. */
class ClientConnectionTest {

    private static final String HEADER = "<stream:stream to='localhost' xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

    private final BlockingWork work = new BlockingWork(2);
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) channel.finishAndReleaseAll();
        work.close();
    }

    private EmbeddedChannel connect(Consumer<ConfigLoader> tweaks) {
        ConfigLoader loader = new ConfigLoader().set(Setting.DOMAIN, "localhost");
        tweaks.accept(loader);
        ServerConfig config = loader.load();
        SessionManager sessions = new SessionManager();
        StreamContext context = new StreamContext(config, null, sessions,
                new SaslMechanisms(user -> Optional.empty(), config.tls().plainWithoutTls()),
                new StanzaRouter("localhost", sessions, new PresenceManager()), Map.of(), work);
        channel = new EmbeddedChannel(new XmlStreamHandler(DecoderLimits.DEFAULT), OutboundEncoder.INSTANCE,
                new ClientConnection(context, false));
        return channel;
    }

    private String send(String xml) {
        channel.writeInbound(Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
        channel.runPendingTasks();
        return drain();
    }

    private String drain() {
        StringBuilder sb = new StringBuilder();
        Object o;
        while ((o = channel.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            sb.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return sb.toString().replace('"', '\'');
    }

    @Test
    void headerIsAnsweredWithHeaderAndFeatures() {
        connect(c -> {});
        String out = send(HEADER);
        assertThat(out).startsWith("<?xml version='1.0'?><stream:stream xmlns='jabber:client'")
                .contains("from='localhost'", "version='1.0'", "id='")
                .contains("<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>");
    }

    @Test
    void withoutTlsRequiredTheMechanismsAreOfferedButNotPlain() {
        connect(c -> c.set(Setting.TLS_REQUIRED, "false"));
        String out = send(HEADER);
        assertThat(out).contains("<mechanism>SCRAM-SHA-256</mechanism><mechanism>SCRAM-SHA-1</mechanism>")
                .doesNotContain("<mechanism>PLAIN</mechanism>")
                .contains("http://jabber.org/features/iq-register", "http://jabber.org/features/iq-auth");
    }

    @Test
    void saslBeforeRequiredTlsIsRefused() {
        connect(c -> {});
        send(HEADER);
        assertThat(send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'/>"))
                .contains("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><encryption-required/>");
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void plainWithoutTlsIsEncryptionRequired() {
        connect(c -> c.set(Setting.TLS_REQUIRED, "false"));
        send(HEADER);
        assertThat(send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGEAYg==</auth>"))
                .contains("<encryption-required/>");
    }

    @Test
    void unknownMechanismIsInvalidMechanism() {
        connect(c -> c.set(Setting.TLS_REQUIRED, "false"));
        send(HEADER);
        assertThat(send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='X-MAGIC'/>"))
                .contains("<invalid-mechanism/>");
    }

    @Test
    void badBase64IsIncorrectEncoding() {
        connect(c -> c.set(Setting.TLS_REQUIRED, "false"));
        send(HEADER);
        assertThat(send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>***</auth>"))
                .contains("<incorrect-encoding/>");
    }

    @Test
    void repeatedFailedExchangesCloseTheStream() {
        connect(c -> c.set(Setting.TLS_REQUIRED, "false").set(Setting.AUTH_ATTEMPTS, "3"));
        send(HEADER);
        for (int i = 0; i < 2; i++) {
            assertThat(send("<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>")).contains("<aborted/>");
            assertThat(channel.isOpen()).isTrue();
        }
        assertThat(send("<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>")).contains("<policy-violation", "</stream:stream>");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void smNoncesBeforeBindingAreRefused() {
        connect(c -> c.set(Setting.TLS_REQUIRED, "false"));
        send(HEADER);
        assertThat(send("<a xmlns='urn:xmpp:sm:3' h='0'/>")).contains("<unsupported-stanza-type");
    }

    @Test
    void wrongDomainIsHostUnknownAfterOurHeader() {
        connect(c -> {});
        String out = send(HEADER.replace("to='localhost'", "to='elsewhere'"));
        assertThat(out).contains("<stream:stream", "<host-unknown", "</stream:stream>");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void versionTwoIsUnsupportedVersion() {
        connect(c -> {});
        assertThat(send(HEADER.replace("version='1.0'", "version='2.0'"))).contains("<unsupported-version");
    }

    @Test
    void stanzaBeforeAuthenticationIsNotAuthorized() {
        connect(c -> c.set(Setting.TLS_REQUIRED, "false"));
        send(HEADER);
        assertThat(send("<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>"))
                .contains("<not-authorized", "</stream:stream>");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void closingTheStreamIsAnsweredWithTheClosingTag() {
        connect(c -> {});
        send(HEADER);
        assertThat(send("</stream:stream>")).isEqualTo("</stream:stream>");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void decoderErrorBecomesAStreamErrorWithAHeaderFirst() {
        connect(c -> {});
        String out = send("<<<");
        assertThat(out).startsWith("<?xml version='1.0'?><stream:stream").contains("<not-well-formed", "</stream:stream>");
    }
}
