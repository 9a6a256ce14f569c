package org.xpush.server.stream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.net.XmlStreamHandler;
import org.xpush.server.session.ClientSession;
import org.xpush.server.session.Transport;
import org.xpush.xmpp.Jid;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.stanza.StanzaError;
import org.xpush.xmpp.stanza.Stanzas;
import org.xpush.xmpp.stream.StreamErrorCondition;
import org.xpush.xmpp.stream.StreamErrorException;
import org.xpush.xmpp.stream.StreamEvent;
import org.xpush.xmpp.xml.Element;
import org.xpush.xmpp.xml.XmlEscape;

/**
 * One client connection: the per-connection state machine of RFC 6120 (stream header, STARTTLS, SASL, stream
 * restart, resource binding, ready), the one place where stream errors become bytes, and the
 * {@link Transport} its {@link ClientSession} writes to once bound.
 *
 * <p>Every method runs on the channel's event loop unless it says otherwise. While blocking work for this
 * connection runs elsewhere (password checks, registration), reading pauses and events decoded meanwhile wait
 * in a small queue, so stanzas are handled strictly in order.
 */
public final class ClientConnection extends ChannelInboundHandlerAdapter implements Transport {

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where the connection is in negotiation. */
    enum State { AWAIT_HEADER, NEGOTIATING, AUTHENTICATED, READY, CLOSED }

    private final StreamContext context;
    private final boolean startTlsOffered;
    private final SaslNegotiation sasl;
    private final ResourceBinding binding;

    private Channel channel;
    private XmlStreamHandler xml;
    private State state = State.AWAIT_HEADER;
    private boolean secure;
    private boolean headerSent;
    private String username;
    private ClientSession session;
    private int failedAuthentications;

    private boolean busy;
    private final ArrayDeque<StreamEvent> waiting = new ArrayDeque<>(2);

    private long openedNanos;
    private long lastReadNanos;
    private long pingSentNanos;
    private ScheduledFuture<?> negotiationTimer;
    private ScheduledFuture<?> pingTimer;
    private String closeReason;
    private boolean resumableOnClose = true;

    /**
     * @param context       server services
     * @param directTls     the connection arrived on the direct TLS port (XEP-0368): already encrypted
     */
    public ClientConnection(StreamContext context, boolean directTls) {
        this.context = context;
        this.secure = directTls;
        this.startTlsOffered = !directTls;
        this.sasl = new SaslNegotiation(this, context);
        this.binding = new ResourceBinding(this, context);
    }

    // ---- Netty lifecycle ------------------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        xml = ctx.pipeline().get(XmlStreamHandler.class);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        openedNanos = lastReadNanos = System.nanoTime();
        log.info("connection opened remote={} local={} tls={}", channel.remoteAddress(), channel.localAddress(),
                secure ? "direct" : "none");
        long timeout = context.config().keepAlive().negotiationTimeout().toMillis();
        negotiationTimer = channel.eventLoop().schedule(() -> {
            if (state != State.READY && state != State.CLOSED) {
                streamError(StreamErrorCondition.CONNECTION_TIMEOUT, "negotiation took too long");
            }
        }, timeout, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        if (!(msg instanceof StreamEvent event)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (busy) {
            waiting.add(event);
        } else {
            handle(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        State was = state;
        state = State.CLOSED;
        if (negotiationTimer != null) negotiationTimer.cancel(false);
        if (pingTimer != null) pingTimer.cancel(false);
        if (openedNanos == 0) { // refused before it was opened (connection rate): already logged
            ctx.fireChannelInactive();
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedNanos);
        log.info("connection closed remote={} user={} state={} reason={} duration={}ms",
                channel.remoteAddress(), session != null ? session.jid() : username != null ? username : "-", was,
                closeReason == null ? "peer closed" : closeReason, millis);
        if (session != null) session.connectionClosed(this, resumableOnClose);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof StreamErrorException e) {
            streamError(e.condition(), e.text());
        } else if (cause instanceof DecoderException && cause.getCause() instanceof SSLException ssl) {
            closeQuietly("tls: " + ssl.getMessage());
        } else if (cause instanceof SSLException ssl) {
            closeQuietly("tls: " + ssl.getMessage());
        } else if (cause instanceof IOException io) {
            closeQuietly("io: " + io.getMessage());
        } else {
            log.error("unexpected error on connection remote={}", channel.remoteAddress(), cause);
            resumableOnClose = false;
            streamError(StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            onIdle();
        } else if (evt == ShutdownEvent.INSTANCE) {
            resumableOnClose = false;
            if (session != null) {
                session.end(StreamErrorCondition.SYSTEM_SHUTDOWN, "server shutting down");
            } else {
                streamError(StreamErrorCondition.SYSTEM_SHUTDOWN, "server shutting down");
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** XEP-0199 §4.2: a silent client is pinged; if it stays silent, its connection is dead. */
    private void onIdle() {
        if (state != State.READY || session == null) return;
        long now = System.nanoTime();
        if (pingSentNanos > lastReadNanos) return; // already waiting for an answer
        // the idle event comes more often than that (see XmppListeners): ping only after ping-after-idle of silence
        if (now - lastReadNanos < context.config().keepAlive().pingAfterIdle().toNanos()) return;
        pingSentNanos = now;
        session.deliver(Element.builder("iq", Namespaces.CLIENT)
                .attribute("type", "get")
                .attribute("id", "ping-" + Long.toHexString(now))
                .attribute("from", context.config().domain())
                .attribute("to", session.jid().toString())
                .child(Element.of("ping", Namespaces.PING))
                .build());
        long sent = now; // this ping's time: a later ping must not make this check fire early
        pingTimer = channel.eventLoop().schedule(() -> {
            if (state != State.CLOSED && lastReadNanos < sent) {
                streamError(StreamErrorCondition.CONNECTION_TIMEOUT, "no answer to ping");
            }
        }, context.config().keepAlive().pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- event dispatch ---------------------------------------------------------------------------------------

    private void handle(StreamEvent event) {
        if (state == State.CLOSED) return;
        switch (event) {
            case StreamEvent.Open open -> onHeader(open);
            case StreamEvent.Close close -> {
                resumableOnClose = false; // RFC 6120 §4.4 + XEP-0198: a closed stream is not resumable
                closeReason = "client closed stream";
                if (session != null && session.isCurrent(this)) {
                    session.end(null, null);
                } else {
                    close(null, null);
                }
            }
            case StreamEvent.Stanza stanza -> onElement(stanza.element());
        }
    }

    private void onHeader(StreamEvent.Open open) {
        String streamId = newId();
        String to = open.attributes().get("to");
        String from = open.attributes().get("from");
        StringBuilder sb = new StringBuilder(256).append("<?xml version='1.0'?><stream:stream xmlns='")
                .append(Namespaces.CLIENT).append("' xmlns:stream='").append(Namespaces.STREAMS)
                .append("' id='").append(streamId).append("' from='");
        XmlEscape.attribute(context.config().domain(), sb);
        sb.append('\'');
        Jid fromJid = Jid.parseOrNull(from);
        if (fromJid != null) {
            sb.append(" to='");
            XmlEscape.attribute(fromJid.toString(), sb);
            sb.append('\'');
        }
        sb.append(" version='1.0' xml:lang='en'>");
        channel.write(sb.toString());
        headerSent = true;
        // RFC 6120 §4.7.2: 'to' names the service the client wants. androidpn clients configured with the
        // server's IP address send that address (Smack 3 uses the host as service name), so an IP literal is
        // taken as this server too (Openfire did the same).
        if (to != null && !to.toLowerCase(Locale.ROOT).equals(context.config().domain()) && !isIpLiteral(to)) {
            streamError(StreamErrorCondition.HOST_UNKNOWN, "this server serves " + context.config().domain());
            return;
        }
        String version = open.attributes().get("version");
        if (version != null && !version.startsWith("1.")) {
            streamError(StreamErrorCondition.UNSUPPORTED_VERSION, "only XMPP 1.0 is supported");
            return;
        }
        if (username == null) {
            state = State.NEGOTIATING;
            channel.writeAndFlush(StreamFeatures.beforeAuth(startTlsOffered && !secure,
                    context.config().tls().required(), context.sasl().advertised(secure),
                    context.config().registration().open()));
        } else {
            state = State.AUTHENTICATED;
            channel.writeAndFlush(StreamFeatures.afterAuth());
        }
    }

    private void onElement(Element e) {
        switch (state) {
            case NEGOTIATING -> onNegotiating(e);
            case AUTHENTICATED -> binding.onAuthenticated(e);
            case READY -> onReady(e);
            default -> streamError(StreamErrorCondition.NOT_AUTHORIZED, "stream header expected");
        }
    }

    private void onNegotiating(Element e) {
        String ns = e.namespace();
        if (e.is("starttls", Namespaces.TLS)) {
            startTls();
        } else if (Namespaces.SASL.equals(ns)) {
            if (mustStartTlsFirst()) {
                sasl.fail(org.xpush.server.sasl.SaslFailure.ENCRYPTION_REQUIRED, "negotiate TLS first");
            } else {
                sasl.onElement(e);
            }
        } else if (Stanzas.isIq(e)) {
            if (mustStartTlsFirst()) {
                streamError(StreamErrorCondition.POLICY_VIOLATION, "negotiate TLS first");
                return;
            }
            Element payload = e.firstElement().orElse(null);
            PreAuthIqHandler handler = payload == null ? null : context.preAuth().get(payload.namespace());
            if (handler != null && Stanzas.isIqRequest(e)) {
                handler.handle(this, e);
            } else if (Stanzas.isIqRequest(e)) {
                // RFC 6120 §6.4.? / §4.9.3.12: stanzas before authentication are not allowed
                streamError(StreamErrorCondition.NOT_AUTHORIZED, "authenticate first");
            }
        } else if (Stanzas.isMessage(e) || Stanzas.isPresence(e)) {
            streamError(StreamErrorCondition.NOT_AUTHORIZED, "authenticate first");
        } else {
            streamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
        }
    }

    private boolean mustStartTlsFirst() {
        return !secure && context.config().tls().required();
    }

    /** RFC 6120 §5.4.2.3: {@code <proceed/>} goes out in clear, then TLS starts and the stream restarts. */
    private void startTls() {
        if (secure || !startTlsOffered) {
            channel.writeAndFlush("<failure xmlns='" + Namespaces.TLS + "'/>");
            close(null, "starttls refused");
            return;
        }
        // startTls=true: the first write (<proceed/>) is not encrypted
        SslHandler ssl = new SslHandler(context.sslContext().newEngine(channel.alloc()), true);
        channel.pipeline().addFirst("tls", ssl);
        channel.writeAndFlush("<proceed xmlns='" + Namespaces.TLS + "'/>");
        // From here on only bytes that came through TLS reach the decoder (plaintext pipelined after
        // <starttls/> is dropped), so the stream is secure; a failed handshake closes the connection.
        secure = true;
        waiting.clear();
        sasl.reset();
        state = State.AWAIT_HEADER;
        xml.restartStreamForTls();
    }

    private void onReady(Element e) {
        if (!session.isCurrent(this)) {
            // the session was resumed on another connection: this one only waits for its close
            close(null, "session resumed elsewhere");
            return;
        }
        if (Namespaces.SM.equals(e.namespace())) {
            onStreamManagement(e);
            return;
        }
        if (!(Stanzas.isIq(e) || Stanzas.isMessage(e) || Stanzas.isPresence(e))) {
            streamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
            return;
        }
        session.countInbound();
        // RFC 6120 §8.1.2.1: the server stamps 'from' with the full JID; a different one is an error.
        String from = e.attribute("from");
        Jid own = session.jid();
        if (from != null) {
            Jid claimed = Jid.parseOrNull(from);
            if (claimed == null || !(claimed.equals(own) || claimed.equals(own.asBare()))) {
                streamError(StreamErrorCondition.INVALID_FROM, null);
                return;
            }
        }
        context.router().route(session, e.withAttribute("from", own.toString()));
    }

    private void onStreamManagement(Element e) {
        switch (e.name()) {
            case "r" -> {
                String answer = session.ackAnswer();
                if (answer == null) {
                    streamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "stream management not enabled");
                } else {
                    channel.writeAndFlush(answer);
                }
            }
            case "a" -> {
                if (!session.streamManagementEnabled()) {
                    streamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "stream management not enabled");
                } else if (!session.acknowledged(e.attribute("h"))) {
                    // XEP-0198 §4: h larger than what was sent
                    streamError(StreamErrorCondition.UNDEFINED_CONDITION, "handled-count-too-high");
                }
            }
            case "resume" -> channel.writeAndFlush("<failed xmlns='" + Namespaces.SM + "'><unexpected-request xmlns='"
                    + Namespaces.STANZAS + "'/></failed>"); // XEP-0198 §5: resume only before binding
            case "enable" -> {
                boolean resume = "true".equals(e.attribute("resume")) || "1".equals(e.attribute("resume"));
                String answer = session.enableStreamManagement(resume, newId());
                channel.writeAndFlush(answer != null ? answer
                        : "<failed xmlns='" + Namespaces.SM + "'><unexpected-request xmlns='" + Namespaces.STANZAS
                                + "'/></failed>");
            }
            default -> streamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
        }
    }

    // ---- used by the negotiation steps -----------------------------------------------------------------------

    /**
     * Runs blocking work for this connection off the event loop, pausing reads until {@code then} has run
     * on the event loop with the result.
     */
    public <T> void runBlocking(Callable<T> work, BiConsumer<T, Throwable> then) {
        busy = true;
        updateAutoRead();
        context.work().submit(work, channel.eventLoop(), (result, failure) -> {
            busy = false;
            if (state == State.CLOSED) return;
            updateAutoRead();
            then.accept(result, failure);
            while (!busy && state != State.CLOSED && !waiting.isEmpty()) handle(waiting.poll());
        });
    }

    /**
     * Reads only while no blocking work is pending and the socket takes our writes: a client that does not read
     * what we answer cannot make us buffer without bound.
     */
    private void updateAutoRead() {
        channel.config().setAutoRead(!busy && channel.isWritable());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateAutoRead();
        if (channel.isWritable() && session != null) session.writable();
        ctx.fireChannelWritabilityChanged();
    }

    /** RFC 6120 §4.3.3: after STARTTLS or SASL success the client opens a new stream. */
    void restartStream() {
        waiting.clear();
        sasl.reset();
        state = State.AWAIT_HEADER;
        xml.restartStream();
    }

    /** SASL or legacy auth succeeded for {@code user}. */
    void authenticated(String user) {
        this.username = user;
        log.debug("authenticated user={} remote={}", user, channel.remoteAddress());
    }

    /** Counts a failed authentication; ends the stream when the allowance is used up (RFC 6120 §6.4.5). */
    boolean authenticationFailed() {
        failedAuthentications++;
        if (failedAuthentications >= context.config().limits().authAttempts()) {
            resumableOnClose = false;
            streamError(StreamErrorCondition.POLICY_VIOLATION, "too many failed authentication attempts");
            return true;
        }
        return false;
    }

    /** The resource is bound: the connection is ready and writes go through {@code s}. */
    void ready(ClientSession s) {
        this.session = s;
        this.state = State.READY;
        if (negotiationTimer != null) negotiationTimer.cancel(false);
    }

    /** XEP-0078 binds without a stream restart: authenticated and bound in one step. */
    public void legacyAuthenticated(String user, String resource, Element iq) {
        authenticated(user);
        if (!binding.bindLegacy(resource, iq)) username = null; // not logged in after all: invalid resource
    }

    /** A wrong XEP-0078 password: counts against the connection's allowance like a SASL failure. */
    public void legacyAuthenticationFailed() {
        authenticationFailed();
    }

    String username() {
        return username;
    }

    ClientSession session() {
        return session;
    }

    /** Writes a reply before the session exists (no stream management yet, so straight to the socket). */
    public void send(Element stanza) {
        channel.writeAndFlush(stanza);
    }

    /** Writes negotiation text ({@code <challenge/>}, {@code <success/>}, …) straight to the socket. */
    void send(CharSequence nonza) {
        channel.writeAndFlush(nonza);
    }

    /** Replies with an error to a pre-session IQ. */
    public void sendError(Element iq, StanzaError error) {
        send(Stanzas.errorReply(iq, error));
    }

    /** The client's IP address. */
    public InetAddress remoteIp() {
        return channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : InetAddress.getLoopbackAddress();
    }

    /** The XMPP domain served. */
    public String domain() {
        return context.config().domain();
    }

    /** Whether the stream is encrypted. */
    @Override
    public boolean isSecure() {
        return secure;
    }

    /** Whether a plain-text password may be accepted on this stream. */
    public boolean plainPasswordAllowed() {
        return secure || context.config().tls().plainWithoutTls();
    }

    // ---- Transport ------------------------------------------------------------------------------------------

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public ChannelFuture write(Object stanzaOrText) {
        return channel.write(stanzaOrText);
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public void close(StreamErrorCondition condition, String text) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> close(condition, text));
            return;
        }
        if (state == State.CLOSED || !channel.isActive()) return;
        if (condition != null) {
            if (condition == StreamErrorCondition.CONFLICT || condition == StreamErrorCondition.SYSTEM_SHUTDOWN) {
                resumableOnClose = false;
            }
            streamError(condition, text);
            return;
        }
        if (closeReason == null) closeReason = text == null ? "closed" : text;
        if (!headerSent) writeHeaderForError();
        state = State.CLOSED;
        channel.writeAndFlush("</stream:stream>").addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    // ---- errors ---------------------------------------------------------------------------------------------

    /** RFC 6120 §4.9.1: the error, then the closing tag, then the TCP close. The one place stream errors are written. */
    void streamError(StreamErrorCondition condition, String text) {
        if (state == State.CLOSED || !channel.isActive()) return;
        if (closeReason == null) closeReason = condition.elementName() + (text == null ? "" : " (" + text + ")");
        if (condition != StreamErrorCondition.CONNECTION_TIMEOUT) resumableOnClose = false;
        if (!headerSent) writeHeaderForError();
        state = State.CLOSED;
        channel.write(new StreamErrorException(condition, text).toXml());
        channel.writeAndFlush("</stream:stream>").addListener(ChannelFutureListener.CLOSE);
    }

    private void writeHeaderForError() {
        // RFC 6120 §4.9.1.2: an error before our header still needs the header first
        channel.write("<?xml version='1.0'?><stream:stream xmlns='" + Namespaces.CLIENT + "' xmlns:stream='"
                + Namespaces.STREAMS + "' id='" + newId() + "' from='" + context.config().domain()
                + "' version='1.0'>");
        headerSent = true;
    }

    private void closeQuietly(String reason) {
        if (closeReason == null) closeReason = reason;
        state = State.CLOSED;
        channel.close();
    }

    private static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) return true; // IPv6
        if (host.isEmpty()) return false;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') return false;
        }
        return true;
    }

    static String newId() {
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
