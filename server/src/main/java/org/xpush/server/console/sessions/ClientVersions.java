package org.xpush.server.console.sessions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.xpush.server.routing.IqResponseListener;
import org.xpush.server.session.ClientSession;
import org.xpush.server.session.SessionListener;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;

/**
 * Finds out which software a connected client runs, for the console's sessions page: asks each session once, when
 * the page first shows it, with a XEP-0092 {@code jabber:iq:version} query, and keeps the answer on the session.
 * Only sessions an operator looks at are asked, so ordinary clients see no extra traffic. A client that does not
 * answer, or answers with an error, stays "unknown".
 *
 * <p>{@link #onResponse} sits in front of the notification engine's response listener and consumes only answers to
 * its own queries (ids {@value #ID_PREFIX}…). Thread-safe; never blocks.
 */
public final class ClientVersions implements IqResponseListener, SessionListener {

    /** Prefix of the ids of our queries; no notification id has it (those are base64url without a dot). */
    static final String ID_PREFIX = "xpush.version.";

    private final String domain;
    private final IqResponseListener next;
    private final AtomicLong ids = new AtomicLong();
    /** Query id → the session asked. */
    private final Map<String, ClientSession> asked = new ConcurrentHashMap<>();
    private final Map<ClientSession, Boolean> askedSessions = new ConcurrentHashMap<>();

    /**
     * @param domain the server's domain, the queries' {@code from}
     * @param next   gets every response that is not an answer to our queries
     */
    public ClientVersions(String domain, IqResponseListener next) {
        this.domain = domain;
        this.next = next;
    }

    /** Asks the session's client for its version, unless it was asked before or is not connected. Any thread. */
    public void ask(ClientSession session) {
        if (session.clientVersion() != null || !session.isConnected()) return;
        if (askedSessions.putIfAbsent(session, Boolean.TRUE) != null) return;
        String id = ID_PREFIX + ids.incrementAndGet();
        asked.put(id, session);
        boolean queued = session.deliver(Element.builder("iq", Namespaces.CLIENT)
                .attribute("type", "get")
                .attribute("id", id)
                .attribute("from", domain)
                .attribute("to", session.jid().toString())
                .child(Element.of("query", Namespaces.VERSION))
                .build());
        if (!queued) asked.remove(id);
    }

    @Override
    public void onResponse(ClientSession from, Element iq) {
        String id = iq.attribute("id");
        if (id == null || !id.startsWith(ID_PREFIX)) {
            next.onResponse(from, iq);
            return;
        }
        ClientSession session = asked.remove(id);
        if (session != from || !"result".equals(iq.attribute("type"))) return;
        Element query = iq.child("query", Namespaces.VERSION);
        if (query == null) return;
        String name = clip(query.childText("name"));
        String version = clip(query.childText("version"));
        if (name == null && version == null) return;
        session.clientVersion(name == null ? version : version == null ? name : name + " " + version);
    }

    @Override
    public void sessionEnded(ClientSession session) {
        askedSessions.remove(session);
        asked.values().remove(session);
    }

    /** At most 64 characters of what the client says, control characters dropped. */
    private static String clip(String s) {
        if (s == null) return null;
        String clean = s.strip().replaceAll("\\p{Cntrl}", "");
        if (clean.isEmpty()) return null;
        return clean.length() > 64 ? clean.substring(0, 64) : clean;
    }
}
