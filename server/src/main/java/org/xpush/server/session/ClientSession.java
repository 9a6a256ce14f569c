package org.xpush.server.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.xmpp.Jid;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.stream.StreamErrorCondition;
import org.xpush.xmpp.xml.Element;

/**
 * A bound resource: one device's session, which outlives its TCP connection while XEP-0198 resumption is
 * possible. Stanzas for the device go through {@link #deliver}, which keeps their order on the wire (the order
 * of the calls) and, with stream management, keeps each until the client acknowledges it.
 *
 * <p>Thread-safety: {@link #deliver} and the other public methods may be called from any thread; state is
 * guarded by one lock; every write happens on the current connection's event loop.
 */
public final class ClientSession {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    private static final String ACK_REQUEST = "<r xmlns='" + Namespaces.SM + "'/>";

    private final Jid jid;
    private final SessionManager manager;
    private final Duration resumeTimeout;
    private final int maxQueued;
    private final Instant started = Instant.now();

    private final ReentrantLock lock = new ReentrantLock();
    /** Delivered but not yet written (written on the event loop, in order). */
    private final ArrayDeque<Outgoing> outbox = new ArrayDeque<>();
    private Transport transport;
    private StreamManagementState sm;
    private boolean flushScheduled;
    private boolean ended;
    private ScheduledFuture<?> expiry;
    private volatile Element presence;
    /** Wall-clock millis of the last stanza from the client (for the console). */
    private volatile long lastActiveMillis = System.currentTimeMillis();
    /** The client's software as it answered a XEP-0092 query, or null while unknown. */
    private volatile String clientVersion;

    public ClientSession(Jid jid, Transport transport, SessionManager manager, Duration resumeTimeout, int maxQueued) {
        this.jid = jid;
        this.transport = transport;
        this.manager = manager;
        this.resumeTimeout = resumeTimeout;
        this.maxQueued = maxQueued;
    }

    /** The full JID. */
    public Jid jid() {
        return jid;
    }

    /** The account's user name (local part). */
    public String username() {
        return jid.local();
    }

    public Instant started() {
        return started;
    }

    /** The last available presence the client sent, or null when it is unavailable (or never sent one). */
    public Element presence() {
        return presence;
    }

    /** Records the client's broadcast presence ({@code null} for unavailable). Any thread. */
    public void presence(Element availablePresence) {
        this.presence = availablePresence;
    }

    /** Whether {@code t} is the connection this session writes to now (not one it was resumed away from). */
    public boolean isCurrent(Transport t) {
        lock.lock();
        try {
            return transport == t;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a connection is attached now (false while awaiting resumption or after the end). */
    public boolean isConnected() {
        lock.lock();
        try {
            return transport != null;
        } finally {
            lock.unlock();
        }
    }

    /** The XEP-0198 resumption id, or null when resumption is not enabled. */
    public String resumptionId() {
        lock.lock();
        try {
            return sm != null && sm.resumable ? sm.id : null;
        } finally {
            lock.unlock();
        }
    }

    /** Whether XEP-0198 is enabled on this session. */
    public boolean streamManagementEnabled() {
        lock.lock();
        try {
            return sm != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a stanza for the client. Returns false when the session has ended (the stanza is dropped).
     * Stanzas are written in the order of the calls; with stream management they are kept until acknowledged and
     * resent after a resumption.
     */
    public boolean deliver(Element stanza) {
        return deliver(stanza, null);
    }

    /**
     * Told whether a stanza reached the socket. Runs on the event loop; must not block. Not called when the
     * session ends before the stanza was written, nor for a resend after resumption.
     */
    @FunctionalInterface
    public interface WriteListener {
        void written(boolean success);
    }

    /** {@link #deliver(Element)}, and tells {@code listener} (may be null) when the stanza was written. */
    public boolean deliver(Element stanza, WriteListener listener) {
        return enqueue(stanza, listener);
    }

    /** {@link #deliver(Element, WriteListener)} for an IQ whose child is serialised already. */
    public boolean deliver(PreparedIq stanza, WriteListener listener) {
        return enqueue(stanza, listener);
    }

    /** Queues an {@link Element} or a {@link PreparedIq} (what the connection's encoder writes). */
    private boolean enqueue(Object stanza, WriteListener listener) {
        lock.lock();
        try {
            if (ended) return false;
            int queued = outbox.size() + (sm == null ? 0 : sm.unacked.size());
            // Without stream management a writable socket drains the outbox at once, so only a stalled (not
            // reading, or detached) client or unacknowledged stanzas count against the limit.
            boolean draining = sm == null && transport != null && transport.isWritable();
            if (queued >= maxQueued && !draining) {
                log.info("session {} ended: {} stanzas waiting for the client", jid, queued);
                endLocked(StreamErrorCondition.RESOURCE_CONSTRAINT, "too many stanzas waiting for the client");
                return false;
            }
            outbox.add(new Outgoing(stanza, listener));
            scheduleFlushLocked();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void scheduleFlushLocked() {
        if (flushScheduled || transport == null) return;
        flushScheduled = true;
        // Always as a task, also from the loop itself: replies made while handling one read batch into one flush.
        transport.eventLoop().execute(this::flush);
    }

    /** Writes the outbox to the connection; runs on the connection's event loop. */
    private void flush() {
        lock.lock();
        try {
            flushScheduled = false;
            Transport t = transport;
            if (t == null || outbox.isEmpty()) return;
            if (!t.eventLoop().inEventLoop()) { // the session resumed onto another loop meanwhile
                scheduleFlushLocked();
                return;
            }
            Outgoing o;
            // Stop when the socket's buffer is full: the rest waits here (bounded by maxQueued) until
            // writabilityChanged() calls this again; the connection also stops reading meanwhile.
            while (t.isWritable() && (o = outbox.poll()) != null) {
                if (sm != null) sm.unacked.add(o.stanza());
                io.netty.channel.ChannelFuture f = t.write(o.stanza());
                WriteListener l = o.listener();
                if (l != null) f.addListener(done -> l.written(done.isSuccess()));
            }
            if (sm != null && !sm.ackRequested) {
                sm.ackRequested = true;
                t.write(ACK_REQUEST);
            }
            t.flush();
        } finally {
            lock.unlock();
        }
    }

    /** The connection's socket takes writes again: write what waits. Any thread. */
    public void writable() {
        lock.lock();
        try {
            scheduleFlushLocked();
        } finally {
            lock.unlock();
        }
    }

    /** XEP-0198 {@code <enable/>}: returns the {@code <enabled/>} answer, or null when already enabled. */
    public String enableStreamManagement(boolean resume, String id) {
        lock.lock();
        try {
            if (sm != null || ended) return null;
            sm = new StreamManagementState(id, resume);
            if (resume) manager.registerResumable(id, this);
            StringBuilder sb = new StringBuilder(128).append("<enabled xmlns='").append(Namespaces.SM).append('\'');
            if (resume) {
                sb.append(" id='").append(id).append("' resume='true' max='").append(resumeTimeout.toSeconds()).append('\'');
            }
            return sb.append("/>").toString();
        } finally {
            lock.unlock();
        }
    }

    /** Counts one stanza received from the client (XEP-0198 "h") and notes the activity. Event loop. */
    public void countInbound() {
        lastActiveMillis = System.currentTimeMillis();
        lock.lock();
        try {
            if (sm != null) sm.inbound++;
        } finally {
            lock.unlock();
        }
    }

    /** The {@code <a h=…/>} answer to the client's {@code <r/>}, or null when stream management is off. */
    public String ackAnswer() {
        lock.lock();
        try {
            return sm == null ? null : "<a xmlns='" + Namespaces.SM + "' h='" + Integer.toUnsignedString(sm.inbound) + "'/>";
        } finally {
            lock.unlock();
        }
    }

    /** Applies the client's {@code <a h=…/>}; returns false when h is invalid or too high (caller ends the stream). */
    public boolean acknowledged(String h) {
        lock.lock();
        try {
            if (sm == null) return false;
            sm.ackRequested = false;
            return sm.acknowledge(StreamManagementState.parseH(h));
        } catch (NumberFormatException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * XEP-0198 §5: moves this session onto a new connection. Applies the client's {@code h}, writes the
     * {@code <resumed/>} answer, then every unacknowledged stanza again and whatever was queued meanwhile.
     * Returns false (changing nothing) when the session has ended or {@code h} is invalid.
     */
    public boolean resume(Transport newTransport, String h) {
        Transport old;
        lock.lock();
        try {
            if (ended || sm == null || !sm.resumable) return false;
            int hv;
            try {
                hv = StreamManagementState.parseH(h);
            } catch (NumberFormatException e) {
                return false;
            }
            if (!sm.acknowledge(hv)) return false;
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
            old = transport;
            transport = newTransport;
            newTransport.write("<resumed xmlns='" + Namespaces.SM + "' previd='" + sm.id + "' h='"
                    + Integer.toUnsignedString(sm.inbound) + "'/>");
            ArrayDeque<Outgoing> resend = new ArrayDeque<>(sm.unacked.size() + outbox.size());
            for (Object e : sm.unacked) resend.add(new Outgoing(e, null));
            sm.unacked.clear();
            sm.acknowledged = hv;
            resend.addAll(outbox);
            outbox.clear();
            outbox.addAll(resend);
            sm.ackRequested = false;
            flushScheduled = false;
            newTransport.flush();
            scheduleFlushLocked();
        } finally {
            lock.unlock();
        }
        if (old != null) old.close(StreamErrorCondition.CONFLICT, "session resumed on another connection");
        manager.announceAvailable(this);
        return true;
    }

    /** Called once bound: tells the listeners the session can receive. */
    public void announceAvailable() {
        manager.announceAvailable(this);
    }

    /**
     * The connection {@code t} is gone. With resumption enabled and {@code resumable} true, the session waits
     * {@code sm-resume-timeout} for a {@code <resume/>}; otherwise it ends now.
     */
    public void connectionClosed(Transport t, boolean resumable) {
        lock.lock();
        try {
            if (transport != t || ended) return; // already moved to a newer connection, or over
            transport = null;
            flushScheduled = false;
            if (resumable && sm != null && sm.resumable) {
                log.debug("session {} detached, resumable for {}", jid, resumeTimeout);
                expiry = t.eventLoop().schedule(this::expire, resumeTimeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            endLocked(null, null);
        } finally {
            lock.unlock();
        }
    }

    private void expire() {
        lock.lock();
        try {
            if (transport != null || ended) return;
            log.info("session {} ended: not resumed within {}", jid, resumeTimeout);
            endLocked(null, null);
        } finally {
            lock.unlock();
        }
    }

    /** Ends the session for good, closing its connection with the given stream error (null: a plain close). */
    public void end(StreamErrorCondition condition, String text) {
        lock.lock();
        try {
            endLocked(condition, text);
        } finally {
            lock.unlock();
        }
    }

    /** Ends the session once what was delivered before this call has been written. Any thread. */
    public void endAfterWrites(StreamErrorCondition condition, String text) {
        Transport t;
        lock.lock();
        try {
            t = transport;
        } finally {
            lock.unlock();
        }
        if (t == null) {
            end(condition, text);
        } else {
            t.eventLoop().execute(() -> end(condition, text)); // queued behind the pending flush
        }
    }

    private void endLocked(StreamErrorCondition condition, String text) {
        if (ended) return;
        ended = true;
        presence = null;
        if (expiry != null) expiry.cancel(false);
        Transport t = transport;
        transport = null;
        outbox.clear();
        if (sm != null) sm.unacked.clear();
        if (t != null) t.close(condition, text);
        manager.remove(this);
    }

    /** When the client last sent a stanza (the bind, if it has sent none since). */
    public Instant lastActivity() {
        return Instant.ofEpochMilli(lastActiveMillis);
    }

    /** The client's software and version (XEP-0092), e.g. {@code Smack 4.4.8}, or null while unknown. */
    public String clientVersion() {
        return clientVersion;
    }

    /** Records the client's answer to a XEP-0092 version query. Any thread. */
    public void clientVersion(String nameAndVersion) {
        this.clientVersion = nameAndVersion;
    }

    /** Whether the session has ended. */
    public boolean isEnded() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the current connection is encrypted (false while detached). */
    public boolean isSecure() {
        lock.lock();
        try {
            return transport != null && transport.isSecure();
        } finally {
            lock.unlock();
        }
    }

    /** The current connection's peer address, or null while detached. */
    public java.net.SocketAddress remoteAddress() {
        lock.lock();
        try {
            return transport == null ? null : transport.remoteAddress();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ClientSession[" + jid + "]";
    }

    /** A stanza waiting to be written, with who to tell when it was. */
    private record Outgoing(Object stanza, WriteListener listener) {}
}
