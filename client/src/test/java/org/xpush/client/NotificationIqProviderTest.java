package org.xpush.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserFactory;
import org.jivesoftware.smack.xml.stax.StaxXmlPullParserFactory;
import org.jivesoftware.smack.xml.xpp3.Xpp3XmlPullParserFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The notification IQ as the server sends it (README "The notification IQ"), parsed with the JVM's parser
 * (StAX, smack-java8) and Android's (XPP3, smack-xmlparser-xpp3).
 */
class NotificationIqProviderTest {

    static List<XmlPullParserFactory> parsers() {
        return Arrays.asList(new StaxXmlPullParserFactory(), new Xpp3XmlPullParserFactory());
    }

    private static final String FULL = "<iq type='set' id='Qm9uam91' from='localhost' to='4f1c@localhost/xpush'>"
            + "<notification xmlns='androidpn:iq:notification'>"
            + "<id>Qm9uam91</id><apiKey>ak_3f9c</apiKey><title>Hello &amp; welcome</title>"
            + "<message>You have <![CDATA[<mail>]]></message><uri>https://example.com/inbox/42</uri>"
            + "<sent>2026-11-24T12:00:00Z</sent><priority>high</priority><ttl>86400</ttl>"
            + "<collapseKey>inbox</collapseKey>"
            + "<data><entry key='count'>3</entry><entry key='folder'>in box</entry></data>"
            + "</notification></iq>";

    /** Parses {@code xml}, an IQ, up to the notification, with the provider; checks the parser ends on its end tag. */
    private static Notification parse(XmlPullParserFactory factory, String xml) throws Exception {
        XmlPullParser parser = factory.newXmlPullParser(new StringReader(xml));
        while (!(parser.next() == XmlPullParser.Event.START_ELEMENT && parser.getName().equals("notification"))) {
            // advance
        }
        int depth = parser.getDepth();
        NotificationIq iq = new NotificationIqProvider().parse(parser, depth, null);
        assertThat(parser.getEventType()).isEqualTo(XmlPullParser.Event.END_ELEMENT);
        assertThat(parser.getName()).isEqualTo("notification");
        assertThat(parser.getDepth()).isEqualTo(depth);
        return iq.notification();
    }

    @ParameterizedTest
    @MethodSource("parsers")
    void xpushNotificationWithEveryField(XmlPullParserFactory parsers) throws Exception {
        Notification n = parse(parsers, FULL);
        assertThat(n.id()).isEqualTo("Qm9uam91");
        assertThat(n.apiKey()).isEqualTo("ak_3f9c");
        assertThat(n.title()).isEqualTo("Hello & welcome");
        assertThat(n.message()).isEqualTo("You have <mail>");
        assertThat(n.uri()).isEqualTo("https://example.com/inbox/42");
        assertThat(n.sent()).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        assertThat(n.priority()).isEqualTo(Notification.Priority.HIGH);
        assertThat(n.ttl()).isEqualTo(Duration.ofDays(1));
        assertThat(n.collapseKey()).isEqualTo("inbox");
        assertThat(n.data()).containsExactly(entry("count", "3"), entry("folder", "in box"));
    }

    @ParameterizedTest
    @MethodSource("parsers")
    void androidpnNotificationWithoutExtras(XmlPullParserFactory parsers) throws Exception {
        Notification n = parse(parsers, "<iq type='set' id='7f3a09c1' to='u@localhost/AndroidpnClient'>"
                + "<notification xmlns='androidpn:iq:notification'>"
                + "<id>7f3a09c1</id><apiKey>1234567890</apiKey><title>Hi</title><message></message><uri/>"
                + "</notification></iq>");
        assertThat(n.id()).isEqualTo("7f3a09c1");
        assertThat(n.title()).isEqualTo("Hi");
        assertThat(n.message()).isNull();
        assertThat(n.uri()).isNull();
        assertThat(n.sent()).isNull();
        assertThat(n.ttl()).isNull();
        assertThat(n.collapseKey()).isNull();
        assertThat(n.priority()).isEqualTo(Notification.Priority.NORMAL);
        assertThat(n.data()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("parsers")
    void unknownChildrenAndBadValuesAreSkippedNotFatal(XmlPullParserFactory parsers) throws Exception {
        Notification n = parse(parsers, "<iq type='set' id='x'><notification xmlns='androidpn:iq:notification'>"
                + "<future xmlns='urn:example'><deep><id>not-this-one</id></deep></future>"
                + "<id>real</id><sent>yesterday</sent><ttl>-5</ttl><priority>URGENT</priority>"
                + "<title>a<b>nested</b>c</title>"
                + "<data><entry>no key</entry><other key='k'>v</other><entry key='k2'>v2</entry></data>"
                + "</notification></iq>");
        assertThat(n.id()).isEqualTo("real");
        assertThat(n.sent()).isNull();
        assertThat(n.ttl()).isNull();
        assertThat(n.priority()).isEqualTo(Notification.Priority.NORMAL);
        assertThat(n.title()).isEqualTo("ac");
        assertThat(n.data()).containsExactly(entry("k2", "v2"));
    }

    @ParameterizedTest
    @MethodSource("parsers")
    void smackParsesTheStanzaIntoANotificationIq(XmlPullParserFactory parsers) throws Exception {
        SmackSetup.ensure();
        XmlPullParser parser = parsers.newXmlPullParser(new StringReader(FULL));
        parser.next();
        IQ iq = PacketParserUtils.parseIQ(parser);
        assertThat(iq).isInstanceOf(NotificationIq.class);
        assertThat(iq.getType()).isEqualTo(IQ.Type.set);
        assertThat(iq.getStanzaId()).isEqualTo("Qm9uam91");
        assertThat(((NotificationIq) iq).notification().title()).isEqualTo("Hello & welcome");
    }

    private static java.util.Map.Entry<String, String> entry(String k, String v) {
        return new java.util.AbstractMap.SimpleEntry<>(k, v);
    }
}
