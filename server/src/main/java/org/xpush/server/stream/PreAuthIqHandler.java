package org.xpush.server.stream;

import org.xpush.xmpp.xml.Element;

/**
 * Handles an IQ that a client may send before it has a session: XEP-0077 registration and XEP-0078 legacy
 * authentication. Runs on the connection's event loop; blocking work goes through {@link ClientConnection#runBlocking}.
 */
public interface PreAuthIqHandler {

    /** The namespace of the IQ payload this handler takes. */
    String namespace();

    void handle(ClientConnection connection, Element iq);
}
