package org.xpush.server.xmpp.legacyauth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.account.AuthManager;
import org.xpush.server.stream.ClientConnection;
import org.xpush.server.stream.PreAuthIqHandler;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.stanza.StanzaError;
import org.xpush.xmpp.stanza.StanzaError.Condition;
import org.xpush.xmpp.stanza.Stanzas;
import org.xpush.xmpp.xml.Element;

/**
 * XEP-0078 non-SASL authentication, which androidpn clients use (ANDROIDPN.md). Only the plain-text password
 * method is offered: the digest method needs the password in clear on the server, and xpush stores only SCRAM
 * keys. Old clients fall back to {@code <password/>} when {@code <digest/>} is not offered (§3.1).
 */
public final class LegacyAuthHandler implements PreAuthIqHandler {

    private static final Logger log = LoggerFactory.getLogger(LegacyAuthHandler.class);

    private final AuthManager auth;

    public LegacyAuthHandler(AuthManager auth) {
        this.auth = auth;
    }

    @Override
    public String namespace() {
        return Namespaces.AUTH;
    }

    @Override
    public void handle(ClientConnection connection, Element iq) {
        Element query = iq.child("query", Namespaces.AUTH);
        if (query == null) {
            connection.sendError(iq, StanzaError.of(Condition.BAD_REQUEST, "expected <query xmlns='jabber:iq:auth'/>"));
            return;
        }
        if ("get".equals(iq.attribute("type"))) {
            // XEP-0078 §3.1: the fields the client must send
            connection.send(Stanzas.iqResult(iq, Element.builder("query", Namespaces.AUTH)
                    .textChild("username", query.childText("username") == null ? "" : query.childText("username"))
                    .child(Element.of("password", Namespaces.AUTH))
                    .child(Element.of("resource", Namespaces.AUTH))
                    .build()));
            return;
        }
        String username = query.childText("username");
        String password = query.childText("password");
        String resource = query.childText("resource");
        if (username == null || username.isBlank() || resource == null || resource.isBlank()) {
            // XEP-0078 §3.2: missing fields are not-acceptable
            connection.sendError(iq, StanzaError.of(Condition.NOT_ACCEPTABLE, "username, password and resource are required"));
            return;
        }
        if (password == null) {
            connection.sendError(iq, StanzaError.of(Condition.NOT_ACCEPTABLE, "send <password/>; digest is not supported"));
            return;
        }
        if (!connection.plainPasswordAllowed()) {
            connection.sendError(iq, StanzaError.of(Condition.NOT_ACCEPTABLE, "plain-text passwords need TLS"));
            return;
        }
        connection.runBlocking(() -> auth.verify(username, password), (ok, failure) -> {
            if (failure != null) {
                log.error("legacy authentication failed with an exception", failure);
                connection.sendError(iq, StanzaError.of(Condition.INTERNAL_SERVER_ERROR));
            } else if (!ok) {
                connection.sendError(iq, StanzaError.of(Condition.NOT_AUTHORIZED));
                connection.legacyAuthenticationFailed();
            } else {
                connection.legacyAuthenticated(AuthManager.normalizeUsername(username), resource.strip(), iq);
            }
        });
    }
}
