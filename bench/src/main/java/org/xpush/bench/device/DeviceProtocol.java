package org.xpush.bench.device;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.xpush.bench.sasl.SaslMechanism;
import org.xpush.bench.sasl.ScramClient;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.stream.StreamEvent;
import org.xpush.xmpp.xml.Element;
import org.xpush.xmpp.xml.XmlEscape;

/**
 * What one simulated device says, step by step, as a state machine without sockets: it reacts to the
 * {@link StreamEvent}s decoded from the server and answers through {@link Output}. The steps (RFC 6120 and the
 * xpush device IQ, README "Notifications"):
 * <pre>
 *   header → features → [STARTTLS → proceed → header → features]
 *          → [XEP-0077 register (a conflict means the account exists: fine)]
 *          → SASL (PLAIN, or SCRAM: challenge → response) → success → header → features → bind
 *          → [device IQ (acknowledges='true'), xpush only] → presence + ping → READY
 *   READY: every notification IQ is answered with an IQ result at once and reported with its receive time;
 *          server pings are answered; messages are reported with their receive time.
 * </pre>
 * In {@link Mode#REGISTER_ONLY} the device stops after registration: it closes its stream and reports
 * {@link Output#registered()}; that is how offline accounts are made. With {@link Options#xpushDevice()} false
 * the client is a plain XMPP client (no device IQ), for other XMPP servers.
 *
 * <p>Not thread-safe: one instance per connection, called from that connection's event loop.
 */
public final class DeviceProtocol {

    /** How far a device goes. */
    public enum Mode { REGISTER_ONLY, ONLINE }

    /**
     * How the client logs in.
     *
     * @param register    XEP-0077 registration before logging in (a {@code conflict} answer is taken as "exists")
     * @param startTls    negotiate STARTTLS first (any certificate is accepted: this is a load generator)
     * @param mechanism   the SASL mechanism ({@link SaslMechanism#AUTO}: the strongest offered)
     * @param keyCache    SCRAM keys reused across logins (RFC 5802 §5.1), or null to derive them every time
     * @param xpushDevice declare the xpush device IQ after binding (false for other XMPP servers)
     */
    public record Options(boolean register, boolean startTls, SaslMechanism mechanism, ScramClient.KeyCache keyCache,
            boolean xpushDevice) {
        public Options {
            Objects.requireNonNull(mechanism, "mechanism");
        }
    }

    /** Where the device is. */
    public enum State { NEW, AWAIT_HEADER, AWAIT_FEATURES, AWAIT_PROCEED, AWAIT_TLS, AWAIT_REGISTERED, AWAIT_SASL,
        AWAIT_BIND, AWAIT_DEVICE, AWAIT_ONLINE, READY, DONE, FAILED }

    /** What the protocol asks of its connection. Called on the connection's event loop. */
    public interface Output {
        /** Writes XML to the server (the connection may buffer until the current read is handled). */
        void send(String xml);

        /** RFC 6120 §4.3.3: the next bytes begin a new stream; the decoder must start over. */
        void restartStream();

        /** The server said {@code <proceed/>}: start TLS, then call {@link #tlsEstablished()}. */
        void startTls();

        /** The device is online: bound, declared acknowledging, available, and the server answered a ping after that. */
        void ready();

        /** {@link Mode#REGISTER_ONLY}: the account exists now; the stream was closed. */
        void registered();

        /** The SASL mechanism was chosen (once per login). */
        default void mechanism(SaslMechanism used) {}

        /** A {@code <message/>} arrived at {@code nanos}; {@code type} is its type attribute ("error" for bounces). */
        default void message(String type, String body, long nanos) {}

        /** A notification arrived at {@code nanos} ({@link System#nanoTime()} when its bytes were read); it was acknowledged. */
        void notification(String id, long nanos);

        /** The device gave up; the connection should be closed. */
        void failed(String reason);
    }

    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='%s' version='1.0'>";
    private static final String DEVICE_NAMESPACE = "urn:xpush:device:0";

    private final String username;
    private final String password;
    private final String domain;
    private final Mode mode;
    private final boolean register;
    private final boolean startTls;
    private final Options options;
    private final Output out;

    private State state = State.NEW;
    private boolean authenticated;
    private boolean secure;
    private long notifications;
    private ScramClient scram;
    private boolean scramFinalSent;

    /**
     * @param register XEP-0077 registration before logging in (a {@code conflict} answer is taken as "exists")
     * @param startTls negotiate STARTTLS first (any certificate is accepted: this is a load generator)
     */
    public DeviceProtocol(String username, String password, String domain, Mode mode, boolean register,
            boolean startTls, Output out) {
        this(username, password, domain, mode, new Options(register, startTls, SaslMechanism.PLAIN, null, true), out);
    }

    /** A client with the given {@link Options}. */
    public DeviceProtocol(String username, String password, String domain, Mode mode, Options options, Output out) {
        this.options = Objects.requireNonNull(options, "options");
        boolean register = options.register();
        boolean startTls = options.startTls();
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.register = register || mode == Mode.REGISTER_ONLY;
        this.startTls = startTls;
        this.out = Objects.requireNonNull(out, "out");
    }

    public State state() {
        return state;
    }

    public String username() {
        return username;
    }

    /** Notifications received so far. */
    public long notifications() {
        return notifications;
    }

    /** The connection is open: opens the stream. */
    public void start() {
        if (state != State.NEW) throw new IllegalStateException("already started");
        openStream();
    }

    /** TLS is up after {@link Output#startTls()}: the stream restarts over it (RFC 6120 §5.4.3.3). */
    public void tlsEstablished() {
        if (state != State.AWAIT_TLS) return;
        secure = true;
        out.restartStream();
        openStream();
    }

    /** The connection closed under the device. */
    public void connectionClosed() {
        if (state != State.DONE && state != State.FAILED) fail("connection closed by the server in state " + state);
    }

    /** An event decoded from the server's stream; {@code nanos} is when its bytes were read. */
    public void onEvent(StreamEvent event, long nanos) {
        switch (event) {
            case StreamEvent.Open open -> {
                if (state == State.AWAIT_HEADER) {
                    state = State.AWAIT_FEATURES;
                } else {
                    fail("unexpected stream header in state " + state);
                }
            }
            case StreamEvent.Close close -> {
                if (state != State.DONE) fail("server closed the stream in state " + state);
            }
            case StreamEvent.Stanza stanza -> onElement(stanza.element(), nanos);
        }
    }

    private void onElement(Element e, long nanos) {
        if (e.is("error", Namespaces.STREAMS)) {
            String condition = e.firstElement().map(Element::name).orElse("?");
            fail("stream error " + condition + " in state " + state);
            return;
        }
        switch (state) {
            case AWAIT_FEATURES -> onFeatures(e);
            case AWAIT_PROCEED -> onProceed(e);
            case AWAIT_REGISTERED -> onRegistered(e);
            case AWAIT_SASL -> onSasl(e);
            case AWAIT_BIND -> expectResult(e, "bind", () -> {
                if (options.xpushDevice()) {
                    state = State.AWAIT_DEVICE;
                    out.send("<iq type='set' id='device'><device xmlns='" + DEVICE_NAMESPACE + "' acknowledges='true'/></iq>");
                } else {
                    goOnline();
                }
            });
            case AWAIT_DEVICE -> expectResult(e, "device", this::goOnline);
            // RFC 6121 §4.2.2: a server may echo the initial presence to the sender; welcome messages may come too
            case AWAIT_ONLINE -> {
                if (e.is("presence", Namespaces.CLIENT) || e.is("message", Namespaces.CLIENT)) return;
                // a notification queued while the device was offline may come before the ping's answer: ack it
                String type = e.attribute("type");
                if (e.is("iq", Namespaces.CLIENT) && ("set".equals(type) || "get".equals(type))) {
                    onReady(e, nanos);
                    return;
                }
                expectResult(e, "online", () -> {
                    state = State.READY;
                    out.ready();
                });
            }
            case READY -> onReady(e, nanos);
            case DONE, FAILED -> { }
            default -> fail("unexpected <" + e.name() + "/> in state " + state);
        }
    }

    private void goOnline() {
        state = State.AWAIT_ONLINE;
        // the ping's answer comes after the presence was handled (stanzas are handled in order)
        out.send("<presence/><iq type='get' id='online'><ping xmlns='" + Namespaces.PING + "'/></iq>");
    }

    private void onFeatures(Element features) {
        if (!features.is("features", Namespaces.STREAMS)) {
            fail("expected stream features, got <" + features.name() + "/>");
            return;
        }
        lastFeatures = features;
        if (authenticated) {
            state = State.AWAIT_BIND;
            out.send("<iq type='set' id='bind'><bind xmlns='" + Namespaces.BIND + "'/></iq>");
        } else if (startTls && !secure) {
            if (features.child("starttls", Namespaces.TLS) == null) {
                fail("the server does not offer STARTTLS");
                return;
            }
            state = State.AWAIT_PROCEED;
            out.send("<starttls xmlns='" + Namespaces.TLS + "'/>");
        } else if (register) {
            state = State.AWAIT_REGISTERED;
            StringBuilder sb = new StringBuilder(160).append("<iq type='set' id='register'><query xmlns='")
                    .append(Namespaces.REGISTER).append("'><username>");
            XmlEscape.text(username, sb);
            sb.append("</username><password>");
            XmlEscape.text(password, sb);
            out.send(sb.append("</password></query></iq>").toString());
        } else {
            authenticate(features);
        }
    }

    private void onProceed(Element e) {
        if (e.is("proceed", Namespaces.TLS)) {
            state = State.AWAIT_TLS;
            out.startTls();
        } else {
            fail("STARTTLS refused: <" + e.name() + "/>");
        }
    }

    private Element lastFeatures;

    private void onRegistered(Element iq) {
        if (!isIqAnswer(iq, "register")) {
            fail("unexpected <" + iq.name() + "/> while registering");
            return;
        }
        String type = iq.attribute("type");
        Element error = iq.child("error", Namespaces.CLIENT);
        // XEP-0077 §3.1: conflict = the user name is taken; the benchmark reuses its accounts with the same password
        boolean exists = "error".equals(type) && error != null && error.child("conflict", Namespaces.STANZAS) != null;
        if (!"result".equals(type) && !exists) {
            fail("registration refused: " + errorCondition(iq));
            return;
        }
        if (mode == Mode.REGISTER_ONLY) {
            state = State.DONE;
            out.send("</stream:stream>");
            out.registered();
        } else {
            authenticate(lastFeatures);
        }
    }

    private void authenticate(Element features) {
        Element mechanisms = features == null ? null : features.child("mechanisms", Namespaces.SASL);
        List<String> offered = mechanisms == null ? List.of()
                : mechanisms.elements().stream().map(m -> m.text().trim()).toList();
        SaslMechanism chosen = options.mechanism().choose(offered);
        if (chosen == null) {
            fail("the server offers none of " + options.mechanism().wireName() + ": " + offered);
            return;
        }
        out.mechanism(chosen);
        state = State.AWAIT_SASL;
        String initial;
        if (chosen == SaslMechanism.PLAIN) {
            // RFC 4616: [authzid] NUL authcid NUL passwd
            initial = "\0" + username + "\0" + password;
        } else {
            scram = new ScramClient(chosen, username, password, options.keyCache());
            initial = scram.clientFirst();
        }
        out.send("<auth xmlns='" + Namespaces.SASL + "' mechanism='" + chosen.wireName() + "'>" + base64(initial) + "</auth>");
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unbase64(Element e) {
        String text = e.text().trim();
        return text.isEmpty() || text.equals("=") ? "" : new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }

    /** A SCRAM challenge: the server-first message, or (some servers) the server-final one before an empty success. */
    private void onChallenge(Element e) {
        if (scram == null) {
            fail("unexpected SASL challenge for PLAIN");
        } else if (!scramFinalSent) {
            scramFinalSent = true;
            out.send("<response xmlns='" + Namespaces.SASL + "'>" + base64(scram.clientFinal(unbase64(e))) + "</response>");
        } else {
            scram.verifyServerFinal(unbase64(e));
            scram = null; // verified
            out.send("<response xmlns='" + Namespaces.SASL + "'/>");
        }
    }

    private void onSasl(Element e) {
        try {
            if (e.is("challenge", Namespaces.SASL)) {
                onChallenge(e);
                return;
            }
            if (e.is("success", Namespaces.SASL) && scram != null) {
                if (!scramFinalSent) throw new IllegalArgumentException("success before the SCRAM exchange");
                scram.verifyServerFinal(unbase64(e));
            }
        } catch (IllegalArgumentException bad) {
            fail("SCRAM: " + bad.getMessage());
            return;
        }
        if (e.is("success", Namespaces.SASL)) {
            authenticated = true;
            out.restartStream(); // RFC 6120 §6.4.6
            openStream();
        } else if (e.is("failure", Namespaces.SASL)) {
            fail("SASL failure: " + e.firstElement().map(Element::name).orElse("?"));
        } else {
            fail("unexpected <" + e.name() + "/> during SASL");
        }
    }

    private void onReady(Element e, long nanos) {
        if (e.is("message", Namespaces.CLIENT)) {
            out.message(e.attribute("type"), e.childText("body"), nanos);
            return;
        }
        if (!e.is("iq", Namespaces.CLIENT)) return; // presence: not our business
        String type = e.attribute("type");
        String id = e.attribute("id");
        if (!"set".equals(type) && !"get".equals(type)) return;
        Element notification = e.child("notification", Namespaces.NOTIFICATION);
        if (notification != null && "set".equals(type)) {
            notifications++;
            String nid = notification.childText("id");
            out.send(result(id));
            out.notification(nid == null || nid.isEmpty() ? id : nid, nanos);
        } else if (e.child("ping", Namespaces.PING) != null) {
            out.send(result(id)); // XEP-0199: the server pings idle clients
        } else {
            out.send("<iq type='error' id='" + attr(id) + "'><error type='cancel'><service-unavailable xmlns='"
                    + Namespaces.STANZAS + "'/></error></iq>");
        }
    }

    private static String result(String id) {
        return "<iq type='result' id='" + attr(id) + "'/>";
    }

    private void expectResult(Element iq, String id, Runnable then) {
        if (!isIqAnswer(iq, id)) {
            fail("unexpected <" + iq.name() + " id='" + iq.attribute("id") + "'/> in state " + state);
        } else if (!"result".equals(iq.attribute("type"))) {
            fail("'" + id + "' refused: " + errorCondition(iq));
        } else {
            then.run();
        }
    }

    private void openStream() {
        state = State.AWAIT_HEADER;
        out.send(String.format(HEADER, attr(domain)));
    }

    private void fail(String reason) {
        if (state == State.FAILED || state == State.DONE) return;
        state = State.FAILED;
        out.failed(reason);
    }

    private static boolean isIqAnswer(Element iq, String id) {
        return iq.is("iq", Namespaces.CLIENT) && id.equals(iq.attribute("id"))
                && ("result".equals(iq.attribute("type")) || "error".equals(iq.attribute("type")));
    }

    private static String errorCondition(Element iq) {
        Element error = iq.child("error", Namespaces.CLIENT);
        if (error == null) return "no error element";
        return error.elements().stream().filter(c -> Namespaces.STANZAS.equals(c.namespace()) && !c.name().equals("text"))
                .map(Element::name).findFirst().orElse("unknown condition");
    }

    private static String attr(String value) {
        if (value == null) return "";
        StringBuilder sb = new StringBuilder(value.length() + 8);
        XmlEscape.attribute(value, sb);
        return sb.toString();
    }
}
