package org.xpush.server.stream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.sasl.SaslFailure;
import org.xpush.server.sasl.SaslServer;
import org.xpush.server.sasl.SaslStep;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;
import org.xpush.xmpp.xml.XmlEscape;

/**
 * RFC 6120 §6.4: the SASL exchange of one connection ({@code auth}, {@code challenge}/{@code response},
 * {@code success}/{@code failure}, {@code abort}). Mechanism steps may block (account lookup, hashing), so each
 * runs through {@link ClientConnection#runBlocking}. Event loop only.
 */
final class SaslNegotiation {

    private static final Logger log = LoggerFactory.getLogger(SaslNegotiation.class);

    private final ClientConnection connection;
    private final StreamContext context;
    private SaslServer exchange;

    SaslNegotiation(ClientConnection connection, StreamContext context) {
        this.connection = connection;
        this.context = context;
    }

    /** Forgets an exchange in progress (stream restart). */
    void reset() {
        exchange = null;
    }

    void onElement(Element e) {
        switch (e.name()) {
            case "auth" -> onAuth(e);
            case "response" -> onResponse(e);
            case "abort" -> {
                exchange = null;
                fail(SaslFailure.ABORTED, null);
            }
            default -> connection.streamError(org.xpush.xmpp.stream.StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
        }
    }

    private void onAuth(Element auth) {
        if (exchange != null) {
            // RFC 6120 §6.4.1 does not allow a second <auth/> while one is in progress
            exchange = null;
            fail(SaslFailure.MALFORMED_REQUEST, "an exchange is already in progress");
            return;
        }
        String mechanism = auth.attribute("mechanism");
        boolean secure = connection.isSecure();
        SaslServer server = mechanism == null ? null : context.sasl().create(mechanism, secure);
        if (server == null) {
            if ("PLAIN".equals(mechanism) && !secure) {
                fail(SaslFailure.ENCRYPTION_REQUIRED, "PLAIN needs TLS");
            } else {
                fail(SaslFailure.INVALID_MECHANISM, null);
            }
            return;
        }
        byte[] initial;
        try {
            initial = decode(auth.text(), true);
        } catch (IllegalArgumentException e) {
            fail(SaslFailure.INCORRECT_ENCODING, null);
            return;
        }
        exchange = server;
        connection.runBlocking(() -> server.start(initial), this::onStep);
    }

    private void onResponse(Element response) {
        SaslServer server = exchange;
        if (server == null) {
            fail(SaslFailure.MALFORMED_REQUEST, "no exchange in progress");
            return;
        }
        byte[] data;
        try {
            data = decode(response.text(), false);
        } catch (IllegalArgumentException e) {
            exchange = null;
            fail(SaslFailure.INCORRECT_ENCODING, null);
            return;
        }
        connection.runBlocking(() -> server.respond(data), this::onStep);
    }

    private void onStep(SaslStep step, Throwable failure) {
        if (failure != null) {
            log.error("SASL mechanism failed with an exception", failure);
            exchange = null;
            fail(SaslFailure.TEMPORARY_AUTH_FAILURE, null);
            return;
        }
        switch (step) {
            case SaslStep.Challenge c -> connection.send("<challenge xmlns='" + Namespaces.SASL + "'>" + encode(c.data())
                    + "</challenge>");
            case SaslStep.Success s -> {
                exchange = null;
                connection.authenticated(s.username());
                // RFC 6120 §6.4.6: additional data with success; then the stream restarts
                connection.send("<success xmlns='" + Namespaces.SASL + "'>"
                        + (s.additionalData() == null ? "" : encode(s.additionalData())) + "</success>");
                connection.restartStream();
            }
            case SaslStep.Failure f -> {
                exchange = null;
                fail(f.condition(), f.text());
            }
        }
    }

    /** Sends {@code <failure/>}; it counts against the connection's allowance of failed logins. */
    void fail(SaslFailure condition, String text) {
        StringBuilder sb = new StringBuilder(128).append("<failure xmlns='").append(Namespaces.SASL).append("'><")
                .append(condition.elementName()).append("/>");
        if (text != null) {
            sb.append("<text xml:lang='en'>");
            XmlEscape.text(text, sb);
            sb.append("</text>");
        }
        connection.send(sb.append("</failure>").toString());
        // every failed exchange counts (not only wrong passwords: abort or malformed loops also cost lookups),
        // except refusals that never reached an account
        if (condition != SaslFailure.INVALID_MECHANISM && condition != SaslFailure.ENCRYPTION_REQUIRED) {
            connection.authenticationFailed();
        }
    }

    /** RFC 6120 §6.4.2: "=" is an empty response; no text at all is no initial response (null) in auth. */
    private static byte[] decode(String text, boolean initial) {
        String t = text.strip();
        if (t.isEmpty()) return initial ? null : new byte[0];
        if (t.equals("=")) return new byte[0];
        StringBuilder compact = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') compact.append(c);
        }
        return Base64.getDecoder().decode(compact.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static String encode(byte[] data) {
        return data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data);
    }
}
