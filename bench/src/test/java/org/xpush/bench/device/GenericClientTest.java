package org.xpush.bench.device;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xpush.bench.sasl.SaslMechanism;
import org.xpush.bench.sasl.ScramClient;

/**
 * A plain XMPP client (no xpush device IQ, as against ejabberd or Prosody) logging in with SCRAM-SHA-256 on an
 * {@link EmbeddedChannel}: the server side of the SCRAM exchange is computed here from the client's messages
 * (RFC 5802 §3), so a wrong proof or signature shows. Also: echoed presence while going online, and messages.
 */
class GenericClientTest {

    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='localhost' version='1.0'>";
    private static final String FEATURES = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
            + "<mechanism>PLAIN</mechanism><mechanism>SCRAM-SHA-1</mechanism><mechanism>SCRAM-SHA-256</mechanism>"
            + "</mechanisms></stream:features>";
    private static final byte[] SALT = "salt-of-bench".getBytes(UTF_8);

    private final List<String> log = new ArrayList<>();
    private EmbeddedChannel channel;

    private final DeviceHandler.Listener listener = new DeviceHandler.Listener() {
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
            log.add("notification " + id);
        }

        @Override
        public void message(int device, String type, String body, long nanos) {
            log.add("message " + type + " " + body);
        }

        @Override
        public void mechanism(SaslMechanism used) {
            log.add("mechanism " + used.wireName());
        }
    };

    @AfterEach
    void close() {
        if (channel != null) channel.finishAndReleaseAll();
    }

    private void start(ScramClient.KeyCache cache) {
        DeviceProtocol.Options options = new DeviceProtocol.Options(false, false, SaslMechanism.AUTO, cache, false);
        channel = new EmbeddedChannel(new DeviceHandler(3, new DeviceAccount("u1", "pencil"), "localhost",
                DeviceProtocol.Mode.ONLINE, options, null, listener));
        written();
    }

    private String exchange(String serverXml) {
        channel.writeInbound(Unpooled.copiedBuffer(serverXml, UTF_8));
        return written();
    }

    private String written() {
        StringBuilder sb = new StringBuilder();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            sb.append(out.toString(UTF_8));
            out.release();
        }
        return sb.toString();
    }

    private static String payload(String xml, String element) {
        String open = xml.substring(xml.indexOf('>', xml.indexOf("<" + element)) + 1);
        return new String(Base64.getDecoder().decode(open.substring(0, open.indexOf("</" + element))), UTF_8);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(UTF_8));
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(UTF_8));
    }

    /** Logs in with SCRAM-SHA-256 against the server computed here; returns the server signature it sent. */
    private void scramLogin(boolean goodSignature) throws Exception {
        String auth = exchange(HEADER + FEATURES);
        assertThat(auth).contains("mechanism='SCRAM-SHA-256'");
        String clientFirst = payload(auth, "auth");
        assertThat(clientFirst).startsWith("n,,n=u1,r=");
        String clientFirstBare = clientFirst.substring(3);
        String nonce = clientFirstBare.substring(clientFirstBare.indexOf("r=") + 2) + "server-part";
        String serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(SALT) + ",i=4096";
        String response = exchange("<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + b64(serverFirst) + "</challenge>");
        String clientFinal = payload(response, "response");
        String withoutProof = clientFinal.substring(0, clientFinal.indexOf(",p="));
        assertThat(withoutProof).isEqualTo("c=biws,r=" + nonce);
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec("pencil".toCharArray(), SALT, 4096, 256)).getEncoded();
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] signature = hmac(MessageDigest.getInstance("SHA-256").digest(clientKey), authMessage);
        byte[] proof = Base64.getDecoder().decode(clientFinal.substring(clientFinal.indexOf(",p=") + 3));
        for (int i = 0; i < proof.length; i++) proof[i] ^= signature[i];
        assertThat(proof).as("the proof recovers the ClientKey (RFC 5802 §3)").isEqualTo(clientKey);
        byte[] serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
        if (!goodSignature) serverSignature[0] ^= 1;
        String v = "v=" + Base64.getEncoder().encodeToString(serverSignature);
        String after = exchange("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + b64(v) + "</success>");
        if (goodSignature) assertThat(after).startsWith("<?xml version='1.0'?><stream:stream");
    }

    @Test
    void logsInWithScramSha256AndGoesOnlineWithoutTheDeviceIq() throws Exception {
        start(new ScramClient.KeyCache());
        scramLogin(true);
        assertThat(exchange(HEADER + "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>"))
                .isEqualTo("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        assertThat(exchange("<iq type='result' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<jid>u1@localhost/r</jid></bind></iq>"))
                .as("a plain client: presence and ping right after binding")
                .isEqualTo("<presence/><iq type='get' id='online'><ping xmlns='urn:xmpp:ping'/></iq>");
        // RFC 6121 §4.2.2: the server may echo the presence before answering the ping
        assertThat(exchange("<presence from='u1@localhost/r' to='u1@localhost/r'/><iq type='result' id='online'/>")).isEmpty();
        assertThat(log).containsExactly("mechanism SCRAM-SHA-256", "ready");
        exchange("<message from='u2@localhost/r' type='chat'><body>12345</body></message>"
                + "<message from='u2@localhost' type='error'><body>x</body></message>");
        assertThat(log).endsWith("message chat 12345", "message error x");
    }

    @Test
    void aNotificationBeforeThePingAnswerIsAcknowledged() throws Exception {
        start(new ScramClient.KeyCache());
        scramLogin(true);
        exchange(HEADER + "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");
        exchange("<iq type='result' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>u1@localhost/r</jid></bind></iq>");
        // queued while offline, delivered as soon as the session is available, before the ping's answer
        assertThat(exchange("<iq type='set' id='q1'><notification xmlns='androidpn:iq:notification'><id>q1</id>"
                + "<title>t</title></notification></iq>")).isEqualTo("<iq type='result' id='q1'/>");
        exchange("<iq type='result' id='online'/>");
        assertThat(log).containsExactly("mechanism SCRAM-SHA-256", "notification q1", "ready");
    }

    @Test
    void aWrongServerSignatureFailsTheLogin() throws Exception {
        start(null);
        scramLogin(false);
        assertThat(log).containsExactly("mechanism SCRAM-SHA-256", "failed: SCRAM: wrong server signature");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aServerWithoutTheRequestedMechanismFailsClearly() {
        DeviceProtocol.Options options = new DeviceProtocol.Options(false, false, SaslMechanism.SCRAM_SHA_256, null, false);
        channel = new EmbeddedChannel(new DeviceHandler(3, new DeviceAccount("u1", "pencil"), "localhost",
                DeviceProtocol.Mode.ONLINE, options, null, listener));
        exchange(HEADER + FEATURES.replace("<mechanism>SCRAM-SHA-256</mechanism>", ""));
        assertThat(log).containsExactly("failed: the server offers none of SCRAM-SHA-256: [PLAIN, SCRAM-SHA-1]");
    }

    @Test
    void aScramFailureFromTheServerIsReported() throws Exception {
        start(null);
        exchange(HEADER + FEATURES);
        exchange("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>");
        assertThat(log).containsExactly("mechanism SCRAM-SHA-256", "failed: SASL failure: not-authorized");
    }
}
