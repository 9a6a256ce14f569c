package org.xpush.server.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.console.auth.AdminAccounts;
import org.xpush.server.console.auth.ConsoleSession;
import org.xpush.server.console.auth.ConsoleSessions;
import org.xpush.server.console.auth.LoginThrottle;

/**
 * {@code /login} and {@code /logout}.
 *
 * <p>The sign-in form carries its own CSRF token before there is a session: {@code GET /login} sets it as a
 * short-lived cookie ({@value #LOGIN_COOKIE}) and as a hidden field, and {@code POST /login} requires both to match
 * (double submit), so another site cannot sign a browser in to an account of its choosing. Failed attempts count in
 * {@link LoginThrottle}; while locked, sign-in is refused with 429 before the password is checked. A success
 * starts a new session (new cookie value) and goes to the dashboard.
 */
final class LoginPage {

    static final String LOGIN_COOKIE = "xpush_login";

    /** What a token we made looks like: 32 bytes in base64url. */
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{43}");

    private static final Logger log = LoggerFactory.getLogger(LoginPage.class);

    private final AdminAccounts admins;
    private final ConsoleSessions sessions;
    private final LoginThrottle throttle;
    private final Console console;
    private final SecureRandom random = new SecureRandom();

    LoginPage(AdminAccounts admins, ConsoleSessions sessions, LoginThrottle throttle, Console console) {
        this.admins = admins;
        this.sessions = sessions;
        this.throttle = throttle;
        this.console = console;
    }

    void register(RoutesConfig routes) {
        routes.get("/login", ctx -> {
            if (sessions.find(ctx.cookie(ConsoleGuard.SESSION_COOKIE)).isPresent()) throw new ConsoleRedirect("/");
            form(ctx, 200, "", null);
        });
        routes.post("/login", this::signIn);
        routes.post("/logout", ctx -> {
            sessions.end(ConsoleGuard.session(ctx).id());
            ConsoleGuard.setCookie(ctx, ConsoleGuard.SESSION_COOKIE, "", "/", 0);
            throw new ConsoleRedirect("/login");
        });
    }

    private void signIn(Context ctx) {
        String cookie = ctx.cookie(LOGIN_COOKIE);
        String field = ctx.formParam(ConsoleGuard.CSRF_FIELD);
        if (cookie == null || field == null || !MessageDigest.isEqual(
                cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8))) {
            throw new ConsoleError(403, "The sign-in form was refused: its security token is missing or out of date."
                    + " Open the sign-in page again.");
        }
        String username = ctx.formParam("username");
        String password = ctx.formParam("password");
        username = username == null ? "" : username.strip();
        String address = ctx.ip();
        Duration locked = throttle.lockedFor(username, address);
        if (!locked.isZero()) {
            form(ctx, 429, username, "Too many failed sign-ins. Try again in "
                    + Display.duration(locked.plusSeconds(1)) + ".");
            ctx.header("Retry-After", Long.toString(locked.toSeconds() + 1));
            return;
        }
        if (!admins.verify(username, password)) {
            throttle.failed(username, address);
            log.info("console sign-in failed for '{}' from {}", printable(username), address);
            form(ctx, 401, username, "Wrong user name or password.");
            return;
        }
        throttle.succeeded(username, address);
        ConsoleSession session = sessions.start(username);
        log.info("console sign-in: {} from {}", username, address);
        ConsoleGuard.setCookie(ctx, LOGIN_COOKIE, "", "/login", 0);
        ConsoleGuard.setCookie(ctx, ConsoleGuard.SESSION_COOKIE, session.id(), "/", -1);
        throw new ConsoleRedirect("/");
    }

    /** What the operator typed as a user name, safe for a log line: no control characters, at most 64 characters. */
    static String printable(String typed) {
        String clean = typed.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
    }

    /**
     * The sign-in form with its token (cookie and field). The browser's token is kept when it has one, so that a
     * second tab, or a request the browser makes by itself, does not invalidate a form already shown.
     */
    private void form(Context ctx, int status, String username, String error) {
        String token = ctx.cookie(LOGIN_COOKIE);
        if (token == null || !TOKEN.matcher(token).matches()) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        ConsoleGuard.setCookie(ctx, LOGIN_COOKIE, token, "/login", 3600);
        Map<String, Object> params = new HashMap<>();
        params.put("view", console.anonymousView("Sign in", token));
        params.put("username", username);
        params.put("error", error);
        console.templates().render(ctx, status, "login.jte", params);
    }
}
