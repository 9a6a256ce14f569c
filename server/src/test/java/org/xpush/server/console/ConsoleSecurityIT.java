package org.xpush.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.apikey.ApiKey;
import org.xpush.server.testing.ApiClient;
import org.xpush.server.testing.ConsoleHttp;
import org.xpush.server.testing.ConsoleHttp.Page;
import org.xpush.server.testing.TestServer;

/**
 * The console's security at the HTTP level, against a real server: sign-in, cookie flags, CSRF refusal, security
 * headers, sign-out, and that the JSON API and the operations endpoints are left as they were.
 */
class ConsoleSecurityIT {

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static ConsoleHttp signedIn() throws Exception {
        ConsoleHttp console = new ConsoleHttp(server);
        assertThat(console.signIn("admin", server.adminPassword()).status()).isEqualTo(303);
        return console;
    }

    @Test
    void pagesSendStrangersToTheSignInPage() throws Exception {
        ConsoleHttp stranger = new ConsoleHttp(server);
        for (String path : new String[] {"/", "/users", "/sessions", "/notifications", "/apikeys", "/users/x"}) {
            Page page = stranger.get(path);
            assertThat(page.status()).as(path).isEqualTo(303);
            assertThat(page.header("Location")).as(path).isEqualTo("/login");
        }
        assertThat(stranger.get("/sessions", "HX-Request", "true").header("HX-Redirect")).isEqualTo("/login");
        Page post = stranger.post("/apikeys", Map.of("name", "sneaky"));
        assertThat(post.status()).isEqualTo(403);
        assertThat(server.server().apiKeys().list()).extracting(ApiKey::name).doesNotContain("sneaky");
        assertThat(stranger.get("/events", "Accept", "text/event-stream").status()).isEqualTo(303);
    }

    @Test
    void wrongPasswordIsRefusedAndStartsNoSession() throws Exception {
        ConsoleHttp console = new ConsoleHttp(server);
        Page refused = console.signIn("admin", "not the password");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("Wrong user name or password");
        assertThat(ConsoleHttp.cookieNames(refused)).doesNotContain(ConsoleGuard.SESSION_COOKIE);
        assertThat(console.get("/").status()).isEqualTo(303);
        assertThat(console.signIn("nobody", "whatever123").status()).isEqualTo(401);
    }

    @Test
    void signInSetsAStrictHttpOnlySessionCookie() throws Exception {
        ConsoleHttp console = new ConsoleHttp(server);
        Page ok = console.signIn("admin", server.adminPassword());
        assertThat(ok.status()).isEqualTo(303);
        assertThat(ok.header("Location")).isEqualTo("/");
        String cookie = ok.headers("Set-Cookie").stream()
                .filter(c -> c.startsWith(ConsoleGuard.SESSION_COOKIE + "=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/").doesNotContain("Secure");
        Page dashboard = console.get("/");
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains("<h1>Dashboard</h1>", "Connections now", "JVM memory");
    }

    @Test
    void behindATlsProxyTheCookieIsSecure() throws Exception {
        Page ok = new ConsoleHttp(server).signIn("admin", server.adminPassword(), "X-Forwarded-Proto", "https");
        assertThat(ok.headers("Set-Cookie")).filteredOn(c -> c.startsWith(ConsoleGuard.SESSION_COOKIE + "="))
                .singleElement().asString().contains("Secure");
    }

    @Test
    void signInFormWithoutItsTokenIsRefused() throws Exception {
        ConsoleHttp console = new ConsoleHttp(server);
        console.get("/login");
        Page refused = console.post("/login", Map.of("username", "admin", "password", server.adminPassword()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(ConsoleHttp.cookieNames(refused)).doesNotContain(ConsoleGuard.SESSION_COOKIE);
    }

    @Test
    void formPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        ConsoleHttp console = signedIn();
        Page missing = console.post("/apikeys", Map.of("name", "forged-1"));
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.body()).contains("security token is missing or out of date");
        Page wrong = console.post("/apikeys", Map.of("name", "forged-2", "_csrf", "not-the-token"));
        assertThat(wrong.status()).isEqualTo(403);
        Page otherSession = console.post("/apikeys", Map.of("name", "forged-3", "_csrf", signedIn().get("/").csrf()));
        assertThat(otherSession.status()).isEqualTo(403);
        assertThat(server.server().apiKeys().list()).extracting(ApiKey::name)
                .doesNotContain("forged-1", "forged-2", "forged-3");

        Page withHeader = console.post("/apikeys", Map.of("name", "by-htmx"), "X-CSRF-Token", console.get("/").csrf());
        assertThat(withHeader.status()).isEqualTo(200);
        Page withField = console.postWithToken("/apikeys", Map.of("name", "by-form"));
        assertThat(withField.status()).isEqualTo(200);
        assertThat(server.server().apiKeys().list()).extracting(ApiKey::name).contains("by-htmx", "by-form");
    }

    @Test
    void everyConsoleResponseCarriesTheSecurityHeaders() throws Exception {
        ConsoleHttp console = signedIn();
        for (String path : new String[] {"/login", "/", "/users", "/assets/console.js", "/no-such-page"}) {
            Page page = console.get(path);
            assertThat(page.header("Content-Security-Policy")).as(path)
                    .contains("frame-ancestors 'none'", "script-src 'self'", "default-src 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(page.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(page.header("X-Frame-Options")).as(path).isEqualTo("DENY");
        }
    }

    @Test
    void signOutEndsTheSession() throws Exception {
        ConsoleHttp console = signedIn();
        Page out = console.postWithToken("/logout", Map.of());
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("/login");
        assertThat(console.get("/").status()).isEqualTo(303);
    }

    @Test
    void theApiKeepsItsKeysAndNeedsNoCookieOrToken() throws Exception {
        ApiClient api = new ApiClient(server);
        var users = api.get("/api/v1/users");
        assertThat(users.status()).isEqualTo(200);
        assertThat(users.header("Content-Security-Policy")).isNull();
        server.createUser("api-no-csrf", "pw");
        var sent = api.post("/api/v1/notifications", "{\"to\":{\"user\":\"api-no-csrf\"},\"title\":\"t\"}");
        assertThat(sent.status()).isEqualTo(202);

        // a console session does not open the API
        ConsoleHttp console = signedIn();
        assertThat(console.get("/api/v1/users").status()).isEqualTo(401);
        for (String path : new String[] {"/healthz", "/readyz", "/metrics"}) {
            Page page = console.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.header("Content-Security-Policy")).as(path).isNull();
        }
    }

    @Test
    void unknownPagesAndBadInputGetClearHtmlErrors() throws Exception {
        ConsoleHttp console = signedIn();
        Page user = console.get("/users/nobody-here");
        assertThat(user.status()).isEqualTo(404);
        assertThat(user.body()).contains("There is no user nobody-here.");
        Page history = console.get("/notifications?before=!!");
        assertThat(history.status()).isEqualTo(400);
        Page revoke = console.postWithToken("/apikeys/nope/revoke", Map.of());
        assertThat(revoke.status()).isEqualTo(404);
        Page kick = console.postWithToken("/sessions/kick", Map.of("jid", "ghost@localhost/x"));
        assertThat(kick.status()).isEqualTo(404);
    }
}
