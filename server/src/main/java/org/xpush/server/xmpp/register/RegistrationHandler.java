package org.xpush.server.xmpp.register;

import java.net.InetAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.account.AuthManager;
import org.xpush.server.limit.RateLimiter;
import org.xpush.server.routing.IqHandler;
import org.xpush.server.session.ClientSession;
import org.xpush.server.stream.ClientConnection;
import org.xpush.server.stream.PreAuthIqHandler;
import org.xpush.server.work.BlockingWork;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.stanza.StanzaError;
import org.xpush.xmpp.stanza.StanzaError.Condition;
import org.xpush.xmpp.stanza.Stanzas;
import org.xpush.xmpp.stream.StreamErrorCondition;
import org.xpush.xmpp.xml.Element;

/**
 * XEP-0077 in-band registration. Before authentication: the form ({@code get}) and account creation
 * ({@code set}), rate-limited per IP address, which is how androidpn clients get their UUID accounts. After
 * authentication: {@code get} tells the account is registered, {@code set} with a password changes it
 * (§3.3), {@code set} with {@code <remove/>} deletes the account and ends its sessions (§3.2).
 */
public final class RegistrationHandler implements PreAuthIqHandler, IqHandler {

    private static final Logger log = LoggerFactory.getLogger(RegistrationHandler.class);

    private final AuthManager auth;
    private final BlockingWork work;
    private final boolean open;
    private final RateLimiter<InetAddress> perIp;
    private final org.xpush.server.session.SessionManager sessions;
    private final boolean plainWithoutTls;

    public RegistrationHandler(AuthManager auth, BlockingWork work, boolean open, int perIpPerMinute,
            org.xpush.server.session.SessionManager sessions, boolean plainWithoutTls) {
        this.plainWithoutTls = plainWithoutTls;
        this.auth = auth;
        this.work = work;
        this.open = open;
        this.perIp = new RateLimiter<>(perIpPerMinute, Duration.ofMinutes(1));
        this.sessions = sessions;
    }

    @Override
    public String namespace() {
        return Namespaces.REGISTER;
    }

    // ---- before authentication ------------------------------------------------------------------------------

    @Override
    public void handle(ClientConnection connection, Element iq) {
        if (!open) {
            connection.sendError(iq, StanzaError.of(Condition.NOT_ALLOWED, "registration is closed on this server"));
            return;
        }
        Element query = iq.child("query", Namespaces.REGISTER);
        if (query == null) {
            connection.sendError(iq, StanzaError.of(Condition.BAD_REQUEST, "expected <query xmlns='jabber:iq:register'/>"));
            return;
        }
        if ("get".equals(iq.attribute("type"))) {
            // XEP-0077 §3.1: the fields to fill in
            connection.send(Stanzas.iqResult(iq, Element.builder("query", Namespaces.REGISTER)
                    .textChild("instructions", "Choose a user name and password.")
                    .child(Element.of("username", Namespaces.REGISTER))
                    .child(Element.of("password", Namespaces.REGISTER))
                    .build()));
            return;
        }
        if (query.child("remove") != null) {
            connection.sendError(iq, StanzaError.of(Condition.NOT_AUTHORIZED, "log in to remove an account"));
            return;
        }
        String username = query.childText("username");
        String password = query.childText("password");
        if (username == null || password == null) {
            connection.sendError(iq, StanzaError.of(Condition.BAD_REQUEST, "username and password are required"));
            return;
        }
        if (!connection.plainPasswordAllowed()) {
            connection.sendError(iq, StanzaError.of(Condition.NOT_ACCEPTABLE, "register over TLS"));
            return;
        }
        if (!perIp.tryAcquire(connection.remoteIp())) {
            log.info("registration refused remote={} reason=rate-limit", connection.remoteIp().getHostAddress());
            connection.sendError(iq, StanzaError.of(Condition.RESOURCE_CONSTRAINT, "too many registrations; try later"));
            return;
        }
        connection.runBlocking(() -> auth.register(username, password), (result, failure) -> {
            if (failure instanceof IllegalArgumentException bad) {
                connection.sendError(iq, StanzaError.of(Condition.NOT_ACCEPTABLE, bad.getMessage()));
            } else if (failure != null) {
                log.error("registration failed", failure);
                connection.sendError(iq, StanzaError.of(Condition.INTERNAL_SERVER_ERROR));
            } else if (result == AuthManager.Registration.CONFLICT) {
                connection.sendError(iq, StanzaError.of(Condition.CONFLICT, "user name taken"));
            } else {
                log.info("account registered user={} remote={}", AuthManager.normalizeUsername(username),
                        connection.remoteIp().getHostAddress());
                connection.send(Stanzas.iqResult(iq, null));
            }
        });
    }

    // ---- after authentication -------------------------------------------------------------------------------

    @Override
    public void handle(ClientSession session, Element iq) {
        Element query = iq.firstElement().orElseThrow();
        String user = session.username();
        if (!query.is("query", Namespaces.REGISTER)) {
            session.deliver(Stanzas.errorReply(iq, StanzaError.of(Condition.BAD_REQUEST, "expected <query/>")));
            return;
        }
        if ("get".equals(iq.attribute("type"))) {
            session.deliver(Stanzas.iqResult(iq, Element.builder("query", Namespaces.REGISTER)
                    .child(Element.of("registered", Namespaces.REGISTER))
                    .textChild("username", user)
                    .build()));
            return;
        }
        if (query.child("remove") != null) {
            work.run("account removal", () -> {
                boolean removed = auth.delete(user);
                log.info("account removed user={} existed={}", user, removed);
                session.deliver(Stanzas.iqResult(iq, null));
                // XEP-0077 §3.2: the account is gone, so are its sessions (after the result went out)
                for (ClientSession s : sessions.sessionsOf(user)) {
                    s.endAfterWrites(StreamErrorCondition.NOT_AUTHORIZED, "account removed");
                }
            });
            return;
        }
        String username = query.childText("username");
        String password = query.childText("password");
        if (password == null || (username != null && !user.equals(username.strip().toLowerCase(java.util.Locale.ROOT)))) {
            session.deliver(Stanzas.errorReply(iq, StanzaError.of(Condition.BAD_REQUEST,
                    "send your own username and the new password")));
            return;
        }
        if (!session.isSecure() && !plainWithoutTls) {
            session.deliver(Stanzas.errorReply(iq, StanzaError.of(Condition.NOT_ACCEPTABLE, "change passwords over TLS")));
            return;
        }
        work.run("password change", () -> {
            try {
                if (auth.changePassword(user, password)) {
                    log.info("password changed user={}", user);
                    session.deliver(Stanzas.iqResult(iq, null));
                } else {
                    session.deliver(Stanzas.errorReply(iq, StanzaError.of(Condition.ITEM_NOT_FOUND, "no such account")));
                }
            } catch (IllegalArgumentException e) {
                session.deliver(Stanzas.errorReply(iq, StanzaError.of(Condition.NOT_ACCEPTABLE, e.getMessage())));
            } catch (RuntimeException e) {
                log.error("password change failed for {}", user, e);
                session.deliver(Stanzas.errorReply(iq, StanzaError.of(Condition.INTERNAL_SERVER_ERROR)));
            }
        });
    }
}
