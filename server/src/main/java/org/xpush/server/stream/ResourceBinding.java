package org.xpush.server.stream;

import java.security.SecureRandom;
import org.xpush.server.session.ClientSession;
import org.xpush.xmpp.Jid;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.stanza.StanzaError;
import org.xpush.xmpp.stanza.Stanzas;
import org.xpush.xmpp.stream.StreamErrorCondition;
import org.xpush.xmpp.xml.Element;

/**
 * The step between authentication and a ready session: RFC 6120 §7 resource binding, or XEP-0198 §5 resumption
 * of an earlier session; and the binding that XEP-0078 legacy authentication does in one go. Event loop only.
 */
final class ResourceBinding {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String RESOURCE_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final ClientConnection connection;
    private final StreamContext context;

    ResourceBinding(ClientConnection connection, StreamContext context) {
        this.connection = connection;
        this.context = context;
    }

    void onAuthenticated(Element e) {
        if (Stanzas.isIq(e) && "set".equals(e.attribute("type")) && e.child("bind", Namespaces.BIND) != null) {
            Element bind = e.child("bind", Namespaces.BIND);
            String resource = bind.childText("resource");
            bind(resource == null ? null : resource.strip(), e, true);
        } else if (e.is("resume", Namespaces.SM)) {
            resume(e);
        } else if (e.is("a", Namespaces.SM) || e.is("r", Namespaces.SM)) {
            connection.streamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "stream management not enabled");
        } else if (e.is("enable", Namespaces.SM)) {
            // XEP-0198 §3: enabling is allowed only after resource binding
            connection.send("<failed xmlns='" + Namespaces.SM + "'><unexpected-request xmlns='" + Namespaces.STANZAS
                    + "'/></failed>");
        } else if (Stanzas.isIq(e) || Stanzas.isMessage(e) || Stanzas.isPresence(e)) {
            // RFC 6120 §7.1: no stanzas before a resource is bound
            connection.streamError(StreamErrorCondition.NOT_AUTHORIZED, "bind a resource first");
        } else {
            connection.streamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
        }
    }

    /** Binds for XEP-0078; false (the IQ answered with an error) when the resource is not valid. */
    boolean bindLegacy(String resource, Element iq) {
        return bind(resource, iq, false);
    }

    /**
     * RFC 6120 §7.6-7.7: binds {@code resource} (or a generated one), replacing an existing session with the same
     * full JID (§7.7.2.2, the new one wins), and answers the IQ.
     */
    private boolean bind(String resource, Element iq, boolean answerWithJid) {
        String res = resource == null || resource.isEmpty() ? generatedResource() : resource;
        Jid jid;
        try {
            jid = new Jid(connection.username(), context.config().domain(), res);
        } catch (IllegalArgumentException e) {
            connection.sendError(iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST, "invalid resource"));
            return false;
        }
        ClientSession session = new ClientSession(jid, connection, context.sessions(),
                context.config().streamManagement().resumeTimeout(), context.config().streamManagement().maxUnacked());
        ClientSession replaced = context.sessions().bind(session);
        if (replaced != null) replaced.end(StreamErrorCondition.CONFLICT, "replaced by a new login of the same resource");
        connection.ready(session);
        Element payload = answerWithJid
                ? Element.builder("bind", Namespaces.BIND).textChild("jid", jid.toString()).build()
                : null;
        Element result = Stanzas.iqResult(iq, payload).withAttribute("to", answerWithJid ? null : jid.toString());
        session.deliver(result);
        session.announceAvailable();
        return true;
    }

    private void resume(Element resume) {
        String previd = resume.attribute("previd");
        ClientSession session = context.sessions().resumable(previd);
        if (session == null || !session.username().equals(connection.username())
                || !session.resume(connection, resume.attribute("h"))) {
            connection.send("<failed xmlns='" + Namespaces.SM + "'><item-not-found xmlns='" + Namespaces.STANZAS
                    + "'/></failed>");
            return;
        }
        connection.ready(session);
    }

    private static String generatedResource() {
        char[] c = new char[12];
        for (int i = 0; i < c.length; i++) c[i] = RESOURCE_CHARS.charAt(RANDOM.nextInt(RESOURCE_CHARS.length()));
        return "xpush-" + new String(c);
    }
}
