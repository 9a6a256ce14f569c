package org.xpush.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.config.Setting;
import org.xpush.server.testing.RawXmppClient;
import org.xpush.server.testing.TestServer;

/**
 * Raw bytes that no library client sends: each gets the stream error RFC 6120 names, then a clean close, and the
 * server goes on serving other clients. The server allows plaintext here so the bytes are readable.
 */
class RawStreamIT {

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, c -> c.set(Setting.TLS_REQUIRED, "false").set(Setting.MAX_STANZA_BYTES, "4096"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** After every misbehaving client, a well-behaved one still gets a stream and features. */
    @AfterEach
    void serverStillServesOthers() throws Exception {
        try (RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            c.send(RawXmppClient.HEADER);
            assertThat(c.readUntil("</stream:features>")).contains("<mechanisms");
        }
    }

    private static String errorFor(String bytes) throws Exception {
        try (RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            c.send(bytes);
            String all = c.readUntilClosed();
            assertThat(all).as("ends with the closing tag").endsWith("</stream:stream>");
            return all;
        }
    }

    @Test
    void bytesSplitAtEveryPositionGetTheSameAnswer() throws Exception {
        String transcript = RawXmppClient.HEADER
                + "<iq type='get' id='split'><query xmlns='jabber:iq:register'/></iq>"
                + "<iq type='get' id='h\u00e9'><query xmlns='jabber:iq:auth'><username>\u00fcser</username></query></iq>"
                + "</stream:stream>";
        byte[] bytes = transcript.getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < bytes.length; cut++) {
            try (RawXmppClient c = new RawXmppClient(server.xmppPort())) {
                c.send(java.util.Arrays.copyOfRange(bytes, 0, cut));
                c.send(java.util.Arrays.copyOfRange(bytes, cut, bytes.length));
                String all = c.readUntilClosed();
                assertThat(all).as("cut at %d", cut)
                        .contains("id='split'", "<username", "<password")
                        .contains("<username>\u00fcser</username>")
                        .endsWith("</stream:stream>")
                        .doesNotContain("stream:error");
            }
        }
    }

    @Test
    void billionLaughsIsRestrictedXml() throws Exception {
        String laughs = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                + "<!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
                + "<!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>]>"
                + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"
                + "<message><body>&lol2;</body></message>";
        String all = errorFor(laughs);
        assertThat(all).containsAnyOf("<restricted-xml", "<not-well-formed").doesNotContain("lollol");
    }

    @Test
    void doctypeIsRestrictedXml() throws Exception {
        assertThat(errorFor("<?xml version='1.0'?><!DOCTYPE stream>" + RawXmppClient.HEADER.substring(21)))
                .contains("<restricted-xml xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
    }

    @Test
    void commentIsRestrictedXml() throws Exception {
        assertThat(errorFor(RawXmppClient.HEADER + "<!-- hello -->")).contains("<restricted-xml");
    }

    @Test
    void processingInstructionIsRestrictedXml() throws Exception {
        assertThat(errorFor(RawXmppClient.HEADER + "<?php echo 1; ?>")).contains("<restricted-xml");
    }

    @Test
    void oversizedStanzaIsPolicyViolation() throws Exception {
        String big = RawXmppClient.HEADER + "<message to='a@localhost'><body>" + "x".repeat(8000) + "</body></message>";
        assertThat(errorFor(big)).contains("<policy-violation");
    }

    @Test
    void endlessStanzaIsStoppedBeforeItEnds() throws Exception {
        try (RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            c.send(RawXmppClient.HEADER + "<message><body>");
            byte[] chunk = "y".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 5; i++) c.send(chunk); // 5 kB > 4 kB limit, and the stanza never closes
            assertThat(c.readUntilClosed()).contains("<policy-violation");
        }
    }

    @Test
    void garbageAfterHeaderIsNotWellFormed() throws Exception {
        assertThat(errorFor(RawXmppClient.HEADER + "<<<>>>")).contains("<not-well-formed");
    }

    @Test
    void unclosedTagMismatchIsNotWellFormed() throws Exception {
        // Aalto reports a mismatched end tag once the byte after its '>' arrives; a keep-alive space provides it
        assertThat(errorFor(RawXmppClient.HEADER + "<iq type='get' id='1'><query xmlns='jabber:iq:register'></iq> "))
                .contains("<not-well-formed");
    }

    @Test
    void wrongDomainIsHostUnknown() throws Exception {
        assertThat(errorFor(RawXmppClient.HEADER.replace("to='localhost'", "to='example.org'")))
                .contains("<host-unknown");
    }

    @Test
    void anIpAddressAsTheServiceNameIsAcceptedAsAndroidpnClientsSendIt() throws Exception {
        try (RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            c.send(RawXmppClient.HEADER.replace("to='localhost'", "to='127.0.0.1'"));
            assertThat(c.readUntil("</stream:features>")).contains("from='localhost'").doesNotContain("stream:error");
        }
    }

    @Test
    void wrongStreamNamespaceIsInvalidNamespace() throws Exception {
        assertThat(errorFor(RawXmppClient.HEADER.replace("http://etherx.jabber.org/streams", "urn:wrong")))
                .contains("<invalid-namespace");
    }

    @Test
    void messageBeforeAuthenticationIsNotAuthorized() throws Exception {
        assertThat(errorFor(RawXmppClient.HEADER + "<message to='a@localhost'><body>hi</body></message>"))
                .contains("<not-authorized");
    }

    @Test
    void unknownTopLevelElementIsUnsupportedStanzaType() throws Exception {
        assertThat(errorFor(RawXmppClient.HEADER + "<foo xmlns='urn:bar'/>")).contains("<unsupported-stanza-type");
    }

    @Test
    void malformedPreAuthIqsAreBadRequestsAndTheStreamStays() throws Exception {
        try (RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            c.send(RawXmppClient.HEADER).readUntil("</stream:features>");
            c.clear();
            c.send("<iq type='get' id='a1'><x xmlns='jabber:iq:auth'/></iq>");
            assertThat(c.readUntil("</iq>")).contains("id='a1'", "type='error'", "<bad-request");
            c.clear();
            c.send("<iq type='set' id='r1'><y xmlns='jabber:iq:register'/></iq>");
            assertThat(c.readUntil("</iq>")).contains("id='r1'", "type='error'", "<bad-request");
            c.clear();
            c.send("<iq type='get' id='r2'><query xmlns='jabber:iq:register'/></iq>");
            assertThat(c.readUntil("</iq>")).contains("id='r2'", "type='result'");
        }
    }

    @Test
    void clientClosingTheStreamGetsTheClosingTag() throws Exception {
        try (RawXmppClient c = new RawXmppClient(server.xmppPort())) {
            c.send(RawXmppClient.HEADER).readUntil("</stream:features>");
            c.send("</stream:stream>");
            assertThat(c.readUntilClosed()).endsWith("</stream:stream>").doesNotContain("stream:error");
        }
    }
}
