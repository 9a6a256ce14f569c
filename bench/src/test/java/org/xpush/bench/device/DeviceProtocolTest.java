package org.xpush.bench.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A simulated device on an {@link EmbeddedChannel}: the server's canned bytes in (in odd chunks, as TCP may cut
 * them), the device's XML out. No sockets.
 */
class DeviceProtocolTest {

    private static final String SERVER_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='localhost' version='1.0' xml:lang='en'>";
    private static final String FEATURES_BEFORE_AUTH = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
            + "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>"
            + "<register xmlns='http://jabber.org/features/iq-register'/></stream:features>";
    private static final String FEATURES_AFTER_AUTH = "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
            + "<sm xmlns='urn:xmpp:sm:3'/></stream:features>";

    private final Recorder events = new Recorder();
    private EmbeddedChannel channel;

    private static final class Recorder implements DeviceHandler.Listener {
        final List<String> log = new ArrayList<>();

        @Override
        public void ready(DeviceHandler device) {
            log.add("ready");
        }

        @Override
        public void registered(DeviceHandler device) {
            log.add("registered");
        }

        @Override
        public void failed(DeviceHandler device, String reason) {
            log.add("failed: " + reason);
        }

        @Override
        public void notification(int device, String id, long nanos) {
            log.add("notification " + device + " " + id);
        }
    }

    private DeviceHandler device(DeviceProtocol.Mode mode) {
        DeviceHandler h = new DeviceHandler(7, new DeviceAccount("bench-000007", "pw"), "localhost", mode, true, null, events);
        channel = new EmbeddedChannel(h); // channelActive: the device opens its stream
        return h;
    }

    @AfterEach
    void close() {
        if (channel != null) channel.finishAndReleaseAll();
    }

    /** Feeds the server's bytes in chunks of 7 and returns everything the device wrote since the last call. */
    private String exchange(String serverBytes) {
        byte[] b = serverBytes.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length && channel.isOpen(); i += 7) {
            channel.writeInbound(Unpooled.wrappedBuffer(b, i, Math.min(7, b.length - i)));
        }
        return written();
    }

    private String written() {
        StringBuilder sb = new StringBuilder();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            sb.append(out.toString(StandardCharsets.UTF_8));
            out.release();
        }
        return sb.toString();
    }

    private DeviceHandler online() {
        DeviceHandler h = device(DeviceProtocol.Mode.ONLINE);
        assertThat(written()).startsWith("<?xml version='1.0'?><stream:stream").contains("to='localhost'");
        assertThat(exchange(SERVER_HEADER + FEATURES_BEFORE_AUTH)).isEqualTo("<iq type='set' id='register'><query"
                + " xmlns='jabber:iq:register'><username>bench-000007</username><password>pw</password></query></iq>");
        String plain = Base64.getEncoder().encodeToString("\0bench-000007\0pw".getBytes(StandardCharsets.UTF_8));
        assertThat(exchange("<iq type='result' id='register'/>"))
                .isEqualTo("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
        assertThat(exchange("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"))
                .as("RFC 6120 §6.4.6: a new stream after SASL success").startsWith("<?xml version='1.0'?><stream:stream");
        assertThat(exchange(SERVER_HEADER + FEATURES_AFTER_AUTH))
                .isEqualTo("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        assertThat(exchange("<iq type='result' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<jid>bench-000007@localhost/x</jid></bind></iq>"))
                .isEqualTo("<iq type='set' id='device'><device xmlns='urn:xpush:device:0' acknowledges='true'/></iq>");
        assertThat(exchange("<iq type='result' id='device' to='bench-000007@localhost/x'><device xmlns='urn:xpush:device:0'"
                + " acknowledges='true'/></iq>"))
                .isEqualTo("<presence/><iq type='get' id='online'><ping xmlns='urn:xmpp:ping'/></iq>");
        assertThat(events.log).isEmpty();
        assertThat(exchange("<iq type='result' id='online' from='localhost'/>")).isEmpty();
        assertThat(events.log).containsExactly("ready");
        assertThat(h.protocol().state()).isEqualTo(DeviceProtocol.State.READY);
        return h;
    }

    private static String notification(String id) {
        return "<iq type='set' id='" + id + "' from='localhost' to='bench-000007@localhost/x'>"
                + "<notification xmlns='androidpn:iq:notification'><id>" + id + "</id><apiKey>initial</apiKey>"
                + "<title>t</title><message>m &amp; more</message><uri></uri><sent>2026-11-24T12:00:00Z</sent>"
                + "<priority>normal</priority><ttl>86400</ttl></notification></iq>";
    }

    @Test
    void registersLogsInBindsDeclaresAcknowledgementsAndGoesOnline() {
        online();
    }

    @Test
    void acknowledgesEveryNotificationAndReportsItsId() {
        online();
        events.log.clear();
        String acks = exchange(notification("n1") + notification("n2") + "\n " + notification("n3"));
        assertThat(acks).isEqualTo("<iq type='result' id='n1'/><iq type='result' id='n2'/><iq type='result' id='n3'/>");
        assertThat(events.log).containsExactly("notification 7 n1", "notification 7 n2", "notification 7 n3");
    }

    @Test
    void acknowledgementsOfOneReadLeaveInOneFlush() {
        online();
        byte[] two = (notification("a") + notification("b")).getBytes(StandardCharsets.UTF_8);
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(two));
        assertThat(channel.outboundMessages()).as("written, not flushed yet").isEmpty();
        channel.pipeline().fireChannelReadComplete();
        assertThat(written()).isEqualTo("<iq type='result' id='a'/><iq type='result' id='b'/>");
    }

    @Test
    void answersServerPingsAndIgnoresPresence() {
        online();
        assertThat(exchange("<presence from='other@localhost/r'/><iq type='get' id='ping-1' from='localhost'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>")).isEqualTo("<iq type='result' id='ping-1'/>");
    }

    @Test
    void anExistingAccountIsFineWhenRegistering() {
        device(DeviceProtocol.Mode.ONLINE);
        written();
        exchange(SERVER_HEADER + FEATURES_BEFORE_AUTH);
        assertThat(exchange("<iq type='error' id='register'><error type='cancel'>"
                + "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>")).startsWith("<auth ");
        assertThat(events.log).isEmpty();
    }

    @Test
    void registerOnlyClosesTheStreamOnceTheAccountExists() {
        device(DeviceProtocol.Mode.REGISTER_ONLY);
        written();
        exchange(SERVER_HEADER + FEATURES_BEFORE_AUTH);
        assertThat(exchange("<iq type='result' id='register'/>")).isEqualTo("</stream:stream>");
        assertThat(events.log).containsExactly("registered");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aRefusedRegistrationFailsTheDeviceWithTheCondition() {
        device(DeviceProtocol.Mode.ONLINE);
        written();
        exchange(SERVER_HEADER + FEATURES_BEFORE_AUTH);
        exchange("<iq type='error' id='register'><error type='wait'>"
                + "<resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
        assertThat(events.log).containsExactly("failed: registration refused: resource-constraint");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void saslFailureFailsTheDevice() {
        device(DeviceProtocol.Mode.ONLINE);
        written();
        exchange(SERVER_HEADER + FEATURES_BEFORE_AUTH + "<iq type='result' id='register'/>");
        exchange("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>");
        assertThat(events.log).containsExactly("failed: SASL failure: not-authorized");
    }

    @Test
    void aStreamErrorFailsTheDeviceOnce() {
        device(DeviceProtocol.Mode.ONLINE);
        written();
        exchange(SERVER_HEADER + "<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "</stream:error></stream:stream>");
        assertThat(events.log).containsExactly("failed: stream error policy-violation in state AWAIT_FEATURES");
    }

    @Test
    void badXmlFromTheServerFailsTheDevice() {
        device(DeviceProtocol.Mode.ONLINE);
        written();
        exchange(SERVER_HEADER + "<a></b><c/><d/>");
        assertThat(events.log).singleElement().asString().startsWith("failed: server sent bad XML");
    }

    @Test
    void aClosedConnectionFailsADeviceThatWasNotDone() {
        online();
        events.log.clear();
        channel.close();
        assertThat(events.log).containsExactly("failed: connection closed by the server in state READY");
    }

    @Test
    void withStartTlsTheDeviceAsksForTlsFirst() {
        List<String> out = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        DeviceProtocol p = new DeviceProtocol("u", "p", "localhost", DeviceProtocol.Mode.ONLINE, false, true,
                new DeviceProtocol.Output() {
                    @Override
                    public void send(String xml) {
                        out.add(xml);
                    }

                    @Override
                    public void restartStream() {
                        calls.add("restart");
                    }

                    @Override
                    public void startTls() {
                        calls.add("tls");
                    }

                    @Override
                    public void ready() {}

                    @Override
                    public void registered() {}

                    @Override
                    public void notification(String id, long nanos) {}

                    @Override
                    public void failed(String reason) {
                        calls.add("failed " + reason);
                    }
                });
        p.start();
        org.xpush.xmpp.stream.XmlStreamDecoder decoder =
                new org.xpush.xmpp.stream.XmlStreamDecoder(org.xpush.xmpp.stream.DecoderLimits.DEFAULT);
        byte[] in = (SERVER_HEADER + FEATURES_BEFORE_AUTH + "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
                .getBytes(StandardCharsets.UTF_8);
        try {
            decoder.feed(in, 0, in.length, e -> p.onEvent(e, 0));
        } catch (org.xpush.xmpp.stream.StreamErrorException e) {
            throw new AssertionError(e);
        }
        assertThat(out).hasSize(2);
        assertThat(out.get(1)).isEqualTo("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        assertThat(calls).containsExactly("tls");
        p.tlsEstablished();
        assertThat(calls).containsExactly("tls", "restart");
        assertThat(out).hasSize(3);
        assertThat(out.get(2)).startsWith("<?xml version='1.0'?><stream:stream");
        assertThat(p.state()).isEqualTo(DeviceProtocol.State.AWAIT_HEADER);
    }
}
