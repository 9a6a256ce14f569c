package org.xpush.server.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.xpush.server.console.apikeys.ApiKeysPage;
import org.xpush.server.console.auth.ConsoleSession;
import org.xpush.server.console.auth.ConsoleSessions;
import org.xpush.server.console.auth.LoginThrottle;
import org.xpush.server.console.dashboard.DashboardPage;
import org.xpush.server.console.dashboard.LiveFigures;
import org.xpush.server.console.notifications.NotificationsPage;
import org.xpush.server.console.sessions.SessionsPage;
import org.xpush.server.console.users.UsersPage;
import org.xpush.server.http.PageModule;

/**
 * The admin console on the HTTP port (DESIGN §3.1): server-rendered pages (JTE), htmx for interaction, live
 * figures over server-sent events. Pages: {@code /login}, {@code /} (dashboard), {@code /users},
 * {@code /sessions}, {@code /notifications}, {@code /apikeys}; static files under {@code /assets/}.
 *
 * <p>Security is in {@link ConsoleGuard} (session, CSRF, headers) and {@link LoginPage} (sign-in with lockout).
 * Errors of console routes become HTML pages here; the JSON API keeps its problem responses.
 *
 * <p>Lifecycle: built by the composition root, registered into the HTTP server, {@link #close()}d before the
 * HTTP server stops (it ends the live-figure streams).
 */
public final class Console implements PageModule, AutoCloseable {

    private final ConsoleServices services;
    private final ConsoleSessions sessions;
    private final Templates templates = new Templates();
    private final LiveFigures figures;
    private final LoginPage login;

    public Console(ConsoleServices services) {
        this(services, LoginThrottle.defaults(), Clock.systemUTC());
    }

    public Console(ConsoleServices services, LoginThrottle throttle, Clock clock) {
        this.services = services;
        this.sessions = new ConsoleSessions(clock);
        this.figures = new LiveFigures(services.metrics(), services.sessions(), services.started(), clock);
        this.login = new LoginPage(services.admins(), sessions, throttle, this);
    }

    @Override
    public void register(RoutesConfig routes) {
        ConsoleGuard guard = new ConsoleGuard(sessions);
        routes.before(guard::handle);
        routes.exception(ConsoleRedirect.class, (e, ctx) -> redirect(ctx, e.location()));
        routes.exception(ConsoleError.class, (e, ctx) -> error(ctx, e));
        Assets.register(routes);
        login.register(routes);
        List<ConsolePage> pages = List.of(
                new DashboardPage(services, this, figures),
                new UsersPage(services, this),
                new SessionsPage(services, this),
                new NotificationsPage(services, this),
                new ApiKeysPage(services, this));
        for (ConsolePage page : pages) page.register(routes);
        figures.start();
    }

    /** The templates, for pages. */
    public Templates templates() {
        return templates;
    }

    /** The layout's view for a signed-in page. */
    public PageView view(Context ctx, String title, String nav) {
        ConsoleSession s = ConsoleGuard.session(ctx);
        return new PageView(title, nav, s.username(), s.csrf(), services.version(), null);
    }

    /** The layout's view for a page without a session (sign-in, errors before sign-in). */
    PageView anonymousView(String title, String csrf) {
        return new PageView(title, null, null, csrf, services.version(), null);
    }

    private static void redirect(Context ctx, String location) {
        if (ConsoleGuard.isHtmx(ctx)) {
            ctx.status(200).header("HX-Redirect", location).result("");
        } else {
            ctx.status(303).header("Location", location).result("");
        }
    }

    private void error(Context ctx, ConsoleError e) {
        ConsoleSession s = ctx.attribute(ConsoleGuard.class.getName() + ".session");
        PageView view = s == null ? anonymousView("Error", null)
                : new PageView("Error", null, s.username(), s.csrf(), services.version(), null);
        templates.render(ctx, e.status(), "error.jte", Map.of("view", view, "message", e.getMessage()));
    }

    /** Ends the live-figure streams and their sampler. */
    @Override
    public void close() {
        figures.close();
    }
}
