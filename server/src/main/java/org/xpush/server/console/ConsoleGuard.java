package org.xpush.server.console;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Optional;
import org.xpush.server.console.auth.ConsoleSession;
import org.xpush.server.console.auth.ConsoleSessions;
import org.xpush.server.http.PageModule;

/**
 * The console's gate, run before every console route:
 * <ul>
 *   <li>security headers on every console response: a Content-Security-Policy allowing only the console's own
 *       scripts, styles and connections, {@code frame-ancestors 'none'} (and {@code X-Frame-Options: DENY} for old
 *       browsers), {@code X-Content-Type-Options: nosniff}, no referrer;
 *   <li>a signed-in session (cookie {@value #SESSION_COOKIE}) for everything but the sign-in page and the assets;
 *       without one a page request goes to {@code /login} and anything else is refused;
 *   <li>the session's CSRF token on every request that changes something (any method but GET and HEAD), as the
 *       form field {@value #CSRF_FIELD} or the header {@value #CSRF_HEADER} (htmx): refused with 403 otherwise.
 * </ul>
 * The JSON API, {@code /metrics}, {@code /healthz} and {@code /readyz} pass untouched: no cookie, no CSRF.
 */
public final class ConsoleGuard {

    /** Name of the session cookie. */
    public static final String SESSION_COOKIE = "xpush_console";
    /** Form field that carries the CSRF token. */
    public static final String CSRF_FIELD = "_csrf";
    /** Request header that carries the CSRF token (sent by console.js on htmx requests). */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static final String SESSION_ATTRIBUTE = ConsoleGuard.class.getName() + ".session";

    private final ConsoleSessions sessions;

    public ConsoleGuard(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    /** The before-filter. Throws {@link ConsoleRedirect} or {@link ConsoleError} to stop a request. */
    public void handle(Context ctx) {
        String path = ctx.path();
        if (PageModule.isServicePath(path)) return;
        securityHeaders(ctx);
        if (path.startsWith("/assets/") || path.equals("/login")) return;
        Optional<ConsoleSession> session = sessions.find(ctx.cookie(SESSION_COOKIE));
        if (session.isEmpty()) {
            if (ctx.method() == HandlerType.GET && !isHtmx(ctx)) throw new ConsoleRedirect("/login");
            if (isHtmx(ctx)) throw new ConsoleRedirect("/login");
            throw new ConsoleError(403, "You are not signed in (or your session ended). Sign in again.");
        }
        ctx.attribute(SESSION_ATTRIBUTE, session.get());
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
            String token = ctx.header(CSRF_HEADER);
            if (token == null) token = ctx.formParam(CSRF_FIELD);
            if (!session.get().csrfMatches(token)) {
                throw new ConsoleError(403, "The form was refused: its security token is missing or out of date."
                        + " Reload the page and try again.");
            }
        }
    }

    /** The signed-in session of a request that passed the guard. */
    public static ConsoleSession session(Context ctx) {
        ConsoleSession s = ctx.attribute(SESSION_ATTRIBUTE);
        if (s == null) throw new IllegalStateException("no console session on " + ctx.path());
        return s;
    }

    static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
    }

    /** Whether htmx sent the request (it adds {@code HX-Request: true}). */
    public static boolean isHtmx(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }

    /** Sets a cookie the console's way: whole site, HttpOnly, SameSite=Strict, and Secure when served over TLS. */
    static void setCookie(Context ctx, String name, String value, String path, long maxAgeSeconds) {
        StringBuilder c = new StringBuilder(name).append('=').append(value).append("; Path=").append(path)
                .append("; HttpOnly; SameSite=Strict");
        if (maxAgeSeconds >= 0) c.append("; Max-Age=").append(maxAgeSeconds);
        if (isTls(ctx)) c.append("; Secure");
        ctx.res().addHeader("Set-Cookie", c.toString());
    }

    /** TLS to this server, or to a proxy in front of it that says so. */
    static boolean isTls(Context ctx) {
        return ctx.req().isSecure() || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }
}
