package org.xpush.server.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.xmpp.Jid;

/**
 * The online sessions of this node, by full JID and by user name, and the detached sessions that XEP-0198 can
 * still resume (the role of androidpn's SessionManager, without its singleton). Thread-safe.
 */
public final class SessionManager {

    private static final Logger log = LoggerFactory.getLogger(SessionManager.class);

    private final Map<Jid, ClientSession> byFullJid = new ConcurrentHashMap<>();
    private final Map<String, List<ClientSession>> byUser = new ConcurrentHashMap<>();
    private final Map<String, ClientSession> resumable = new ConcurrentHashMap<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    /**
     * Makes the session reachable under its full JID. RFC 6120 §7.7.2.2: when the full JID is taken, the new
     * session wins; the old one is returned and the caller closes it with a {@code conflict} stream error.
     */
    public ClientSession bind(ClientSession session) {
        ClientSession old = byFullJid.put(session.jid(), session);
        if (old != null) removeFromUser(old);
        // add inside compute: a concurrent removeFromUser must not drop the list we add to
        byUser.compute(session.username(), (u, list) -> {
            List<ClientSession> l = list == null ? new CopyOnWriteArrayList<>() : list;
            l.add(session);
            return l;
        });
        log.debug("bound {}", session.jid());
        return old;
    }

    /** Tells listeners that the session is available (after bind or resumption). */
    void announceAvailable(ClientSession session) {
        for (SessionListener l : listeners) {
            try {
                l.sessionAvailable(session);
            } catch (RuntimeException e) {
                log.error("session listener failed for {}", session.jid(), e);
            }
        }
    }

    /** Forgets an ended session; a no-op if it was already replaced. */
    void remove(ClientSession session) {
        byFullJid.remove(session.jid(), session);
        removeFromUser(session);
        String smId = session.resumptionId();
        if (smId != null) resumable.remove(smId, session);
        for (SessionListener l : listeners) {
            try {
                l.sessionEnded(session);
            } catch (RuntimeException e) {
                log.error("session listener failed for {}", session.jid(), e);
            }
        }
    }

    private void removeFromUser(ClientSession session) {
        byUser.computeIfPresent(session.username(), (u, list) -> {
            list.remove(session);
            return list.isEmpty() ? null : list;
        });
    }

    /** Registers a session for XEP-0198 resumption under its stream-management id. */
    void registerResumable(String id, ClientSession session) {
        resumable.put(id, session);
    }

    /** The session that stream-management id {@code id} names, attached or detached, or null. */
    public ClientSession resumable(String id) {
        return id == null ? null : resumable.get(id);
    }

    /** The session bound to this full JID, or null. */
    public ClientSession get(Jid fullJid) {
        return byFullJid.get(fullJid);
    }

    /** The sessions of one user (all resources), possibly empty; unmodifiable snapshot. */
    public List<ClientSession> sessionsOf(String username) {
        List<ClientSession> list = byUser.get(username);
        return list == null ? List.of() : List.copyOf(list);
    }

    /** A snapshot of all sessions. */
    public Collection<ClientSession> all() {
        return Collections.unmodifiableList(new ArrayList<>(byFullJid.values()));
    }

    /** Number of bound sessions (attached or awaiting resumption). */
    public int count() {
        return byFullJid.size();
    }
}
