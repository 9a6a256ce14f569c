package org.xpush.server.routing;

import org.xpush.server.session.ClientSession;
import org.xpush.xmpp.xml.Element;

/**
 * Answers IQ requests (get/set) addressed to the server or to the sender's own account, for one payload
 * namespace (the role of Openfire's IQHandler). Runs on the session's event loop: must not block; blocking work
 * goes to {@link org.xpush.server.work.BlockingWork}. Replies go through {@link ClientSession#deliver}.
 */
public interface IqHandler {

    /** The namespace of the payload element this handler takes. */
    String namespace();

    /** Handles one request; {@code iq} has a stamped {@code from} and exactly one payload child. */
    void handle(ClientSession session, Element iq);
}
