package org.xpush.server.routing;

import org.xpush.server.session.ClientSession;
import org.xpush.xmpp.xml.Element;

/** Receives IQ results and errors that clients address to the server. Event loop; must not block. */
@FunctionalInterface
public interface IqResponseListener {

    void onResponse(ClientSession from, Element iq);
}
