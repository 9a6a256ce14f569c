package org.xpush.server.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The admin console at the HTTP level, as a browser without JavaScript uses it: cookies kept, redirects not
 * followed (tests look at them), forms posted urlencoded.
 */
public final class ConsoleHttp {

    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** A response. */
    public record Page(int status, String body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public List<String> headers(String name) {
            return raw.headers().allValues(name);
        }

        /** The CSRF token the page carries (session meta tag, or the sign-in form's field). */
        public String csrf() {
            Matcher m = CSRF_META.matcher(body);
            if (m.find()) return m.group(1);
            Matcher f = CSRF_FIELD.matcher(body);
            if (f.find()) return f.group(1);
            throw new AssertionError("no CSRF token in the page:\n" + body);
        }
    }

    private final String base;
    private final HttpClient http;

    public ConsoleHttp(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public ConsoleHttp(TestServer server) {
        this(server.httpBase());
    }

    public Page get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b);
    }

    /** Posts a form; {@code headers} are name/value pairs. */
    public Page post(String path, Map<String, String> form, String... headers) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b);
    }

    /** Opens the sign-in page and posts its form; {@code headers} go with the post. */
    public Page signIn(String user, String password, String... headers) throws IOException, InterruptedException {
        Page form = get("/login");
        return post("/login", Map.of("_csrf", form.csrf(), "username", user, "password", password), headers);
    }

    /** Posts a form with the session's CSRF token (taken from the dashboard). */
    public Page postWithToken(String path, Map<String, String> form) throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(form);
        all.put("_csrf", get("/").csrf());
        return post(path, all);
    }

    private Page send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Page(r.statusCode(), r.body(), r);
    }

    /** The names of the cookies the server set on a response. */
    public static List<String> cookieNames(Page page) {
        List<String> names = new ArrayList<>();
        for (String c : page.headers("Set-Cookie")) names.add(c.substring(0, c.indexOf('=')));
        return names;
    }
}
