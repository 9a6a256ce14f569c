package org.xpush.server.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.xmpp.xml.Element;

/**
 * Tracks the broadcast presence of each session (RFC 6121 §4.2). xpush keeps no rosters, so presence is not
 * broadcast to contacts; it tells which sessions are available and with what priority.
 */
public final class PresenceManager {

    private static final Logger log = LoggerFactory.getLogger(PresenceManager.class);

    /** Told when a session sends its initial available presence (RFC 6121 §4.2); event loop, must not block. */
    public interface Listener {
        void becameAvailable(ClientSession session);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Records a presence without 'to' (available, or type unavailable). Subscription types are ignored. */
    public void update(ClientSession session, Element presence) {
        String type = presence.attribute("type");
        if (type == null) {
            boolean initial = session.presence() == null;
            session.presence(presence);
            if (initial) {
                for (Listener l : listeners) {
                    try {
                        l.becameAvailable(session);
                    } catch (RuntimeException e) {
                        log.error("presence listener failed for {}", session.jid(), e);
                    }
                }
            }
        } else if ("unavailable".equals(type)) {
            session.presence(null);
        } else {
            return; // subscribe/probe/…: no rosters here
        }
        log.debug("presence {} {}", session.jid(), type == null ? "available" : type);
    }

    /** Whether the session has sent available presence. */
    public boolean isAvailable(ClientSession session) {
        return session.presence() != null;
    }

    /** RFC 6121 §4.7.2.3: the priority of the session's presence (0 when missing or malformed). */
    public int priority(ClientSession session) {
        Element p = session.presence();
        if (p == null) return 0;
        Element prio = p.child("priority");
        if (prio == null) return 0;
        try {
            return Math.max(-128, Math.min(127, Integer.parseInt(prio.text().strip())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
