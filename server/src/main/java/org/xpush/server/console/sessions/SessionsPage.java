package org.xpush.server.console.sessions;

import io.javalin.config.RoutesConfig;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.xpush.server.console.Console;
import org.xpush.server.console.ConsoleError;
import org.xpush.server.console.ConsolePage;
import org.xpush.server.console.ConsoleRedirect;
import org.xpush.server.console.ConsoleServices;
import org.xpush.server.session.ClientSession;
import org.xpush.xmpp.Jid;
import org.xpush.xmpp.stream.StreamErrorCondition;

/**
 * {@code /sessions}: who is online on this node now (JID, address, TLS, client version, connected since, last
 * activity), refreshed by htmx every few seconds; {@code POST /sessions/kick} disconnects one.
 */
public final class SessionsPage implements ConsolePage {

    /** The page: the sessions, newest first, and the time they were listed. */
    public record Model(List<SessionRow> rows, Instant now) {}

    private final ConsoleServices services;
    private final Console console;

    public SessionsPage(ConsoleServices services, Console console) {
        this.services = services;
        this.console = console;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/sessions", ctx -> {
            List<ClientSession> all = services.sessions().all().stream()
                    .sorted(Comparator.comparing(ClientSession::started).reversed()).toList();
            all.forEach(services.versions()::ask); // answers show on a later refresh
            var view = console.view(ctx, "Sessions", "sessions");
            String kicked = ctx.queryParam("kicked");
            if (kicked != null) view = view.withNotice("Disconnected " + kicked + ".");
            console.templates().page(ctx, "sessions.jte", view,
                    new Model(all.stream().map(SessionRow::of).toList(), Instant.now()));
        });
        routes.post("/sessions/kick", ctx -> {
            String raw = ctx.formParam("jid");
            Jid jid = raw == null ? null : Jid.parseOrNull(raw);
            ClientSession s = jid == null ? null : services.sessions().get(jid);
            if (s == null) throw ConsoleError.notFound("There is no session " + raw + " (it may have ended already).");
            s.end(StreamErrorCondition.POLICY_VIOLATION, "disconnected by an administrator");
            String back = "user".equals(ctx.formParam("from")) ? "/users/" + encode(s.username()) : "/sessions";
            throw new ConsoleRedirect(back + "?kicked=" + encode(jid.toString()));
        });
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
