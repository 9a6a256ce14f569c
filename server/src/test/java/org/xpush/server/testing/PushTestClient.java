package org.xpush.server.testing;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.IQProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * A Smack 4.4 device for notification tests: receives the androidpn notification IQ, records it, and answers
 * it (acknowledges) unless told not to. Declares itself an acknowledging device through the xpush device IQ,
 * as the SDK will.
 */
public final class PushTestClient implements AutoCloseable {

    public static final String NAMESPACE = "androidpn:iq:notification";
    public static final String DEVICE_NS = "urn:xpush:device:0";

    /** A received notification. */
    public record Received(String id, String title, String message, String uri, Map<String, String> data) {}

    /** What the client answers to a notification IQ. */
    public enum Answer { ACK, ERROR, SILENT }

    static {
        ProviderManager.addIQProvider("notification", NAMESPACE, new Provider());
    }

    private final XMPPTCPConnection connection;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Answer answer = Answer.ACK;
    private volatile Runnable beforeAnswer = () -> { };

    private PushTestClient(XMPPTCPConnection connection) {
        this.connection = connection;
        connection.registerIQRequestHandler(new AbstractIqRequestHandler("notification", NAMESPACE, IQ.Type.set,
                IQRequestHandler.Mode.sync) {
            @Override
            public IQ handleIQRequest(IQ request) {
                NotificationIq n = (NotificationIq) request;
                received.add(n.received);
                beforeAnswer.run();
                return switch (answer) {
                    case ACK -> IQ.createResultIQ(request);
                    case ERROR -> IQ.createErrorResponse(request, StanzaError.Condition.internal_server_error);
                    case SILENT -> null;
                };
            }
        });
    }

    /**
     * Logs in (registering the account first if {@code register}), declares acknowledgement support when
     * {@code acknowledging}, then sends initial presence, after which the server delivers the backlog.
     */
    public static PushTestClient login(TestServer server, String user, String password, boolean acknowledging)
            throws IOException, InterruptedException, SmackException, XMPPException {
        return login(SmackClients.startTls(server), user, password, acknowledging);
    }

    /** {@link #login(TestServer, String, String, boolean)} with a connection configuration of the caller's. */
    public static PushTestClient login(org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration.Builder config,
            String user, String password, boolean acknowledging)
            throws IOException, InterruptedException, SmackException, XMPPException {
        XMPPTCPConnection c = new XMPPTCPConnection(config
                .setUsernameAndPassword(user, password)
                .setResource("device")
                .setSendPresence(false)
                .build());
        c.setReplyTimeout(10_000);
        PushTestClient client = new PushTestClient(c);
        c.connect().login();
        if (acknowledging) client.deviceIq(true, "");
        c.sendStanza(c.getStanzaFactory().buildPresenceStanza().build());
        return client;
    }

    /**
     * Sends the xpush device IQ (set) with {@code innerXml} inside {@code <device/>} and waits for the result.
     *
     * @param acknowledges whether to declare that this device acknowledges notifications
     */
    public void deviceIq(boolean acknowledges, String innerXml) throws SmackException.NoResponseException,
            XMPPException.XMPPErrorException, SmackException.NotConnectedException, InterruptedException {
        RawIq iq = new RawIq(acknowledges, innerXml);
        iq.setType(IQ.Type.set);
        connection.sendIqRequestAndWaitForResponse(iq);
    }

    /** Runs {@code r} after recording each notification and before answering it (on Smack's thread). */
    public void beforeAnswer(Runnable r) {
        this.beforeAnswer = r;
    }

    public void answer(Answer a) {
        this.answer = a;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<String> receivedIds() {
        return received.stream().map(Received::id).toList();
    }

    public boolean hasReceived(Predicate<Received> p) {
        return received.stream().anyMatch(p);
    }

    public XMPPTCPConnection connection() {
        return connection;
    }

    /** Cuts the TCP connection without closing the stream (the device "loses network"). */
    public void cut() {
        connection.instantShutdown();
    }

    @Override
    public void close() {
        connection.disconnect();
    }

    /** The notification IQ as Smack sees it. */
    static final class NotificationIq extends IQ {
        final Received received;

        NotificationIq(Received received) {
            super("notification", NAMESPACE);
            this.received = received;
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            xml.setEmptyElement();
            return xml;
        }
    }

    /** Reads the payload the way the androidpn provider does: text of the known elements, plus the data map. */
    static final class Provider extends IQProvider<NotificationIq> {
        @Override
        public NotificationIq parse(XmlPullParser parser, int initialDepth, XmlEnvironment env)
                throws XmlPullParserException, IOException {
            Map<String, String> fields = new TreeMap<>();
            Map<String, String> data = new TreeMap<>();
            while (true) {
                XmlPullParser.Event event = parser.next();
                if (event == XmlPullParser.Event.START_ELEMENT) {
                    String name = parser.getName();
                    if (name.equals("entry")) {
                        String key = parser.getAttributeValue("", "key");
                        data.put(key, parser.nextText());
                    } else if (List.of("id", "title", "message", "uri").contains(name)) {
                        fields.put(name, parser.nextText());
                    }
                } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                    break;
                }
            }
            return new NotificationIq(new Received(fields.get("id"), fields.get("title"), fields.get("message"),
                    fields.get("uri"), data));
        }
    }

    /** The device IQ with literal inner XML. */
    static final class RawIq extends IQ {
        private final boolean acknowledges;
        private final String inner;

        RawIq(boolean acknowledges, String inner) {
            super("device", DEVICE_NS);
            this.acknowledges = acknowledges;
            this.inner = inner;
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            if (acknowledges) xml.attribute("acknowledges", "true");
            xml.rightAngleBracket();
            xml.append(inner);
            return xml;
        }
    }
}
