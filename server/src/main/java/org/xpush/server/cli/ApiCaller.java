package org.xpush.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How {@code xpush send} and {@code xpush status} talk to a running server's JSON API (DESIGN §3.3): the
 * {@code --server} and {@code --api-key} options with their environment fallbacks, one HTTP request, and the
 * mapping of what can go wrong to a message on standard error and an exit code:
 * <ul>
 *   <li>{@value #API_ERROR}: the server refused the request (4xx, 5xx); its problem {@code detail} and each
 *       {@code errors[]} entry are printed;
 *   <li>{@value #USAGE}: bad arguments, including a missing API key (picocli's usual handling);
 *   <li>{@value #UNREACHABLE}: no answer from the server (the message names the URL).
 * </ul>
 * A picocli mixin; everything runs on the command's thread.
 */
final class ApiCaller {

    static final int API_ERROR = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    static final String SERVER_ENV = "XPUSH_SERVER";
    static final String API_KEY_ENV = "XPUSH_API_KEY";
    static final String DEFAULT_SERVER = "http://127.0.0.1:7070";

    static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--server", paramLabel = "URL",
            description = "the server's HTTP address (default: env " + SERVER_ENV + ", else " + DEFAULT_SERVER + ")")
    String server;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "an API key (default: env " + API_KEY_ENV + "; prefer the variable: flags show in process lists)")
    String apiKey;

    /** Where environment variables are read from; tests replace it. */
    Function<String, String> environment = System::getenv;

    /** The server's answer. */
    record Answer(int status, String body, HttpHeaders headers) {
        boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /** Ends a command: {@link #run} prints the lines on standard error and returns the exit code. */
    static final class Failure extends Exception {
        final int exitCode;
        final List<String> lines;

        Failure(int exitCode, String message, List<String> more) {
            super(message, null, false, false);
            this.exitCode = exitCode;
            this.lines = List.copyOf(more);
        }

        Failure(int exitCode, String message) {
            this(exitCode, message, List.of());
        }
    }

    interface Action {
        int run() throws Failure, InterruptedException;
    }

    /** Runs a command's action and turns a {@link Failure} into its message and exit code. */
    int run(Action action) throws InterruptedException {
        try {
            return action.run();
        } catch (Failure f) {
            PrintWriter err = command.commandLine().getErr();
            err.println("xpush: " + f.getMessage());
            for (String line : f.lines) err.println("  " + line);
            err.flush();
            return f.exitCode;
        }
    }

    Answer get(String path) throws Failure, InterruptedException {
        return send(request(path).GET());
    }

    Answer post(String path, JsonNode body, Map<String, String> headers) throws Failure, InterruptedException {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
        HttpRequest.Builder b = request(path)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json");
        headers.forEach((name, value) -> {
            try {
                b.header(name, value);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command.commandLine(), "not a valid " + name + " header value: " + value);
            }
        });
        return send(b);
    }

    /** The failure for a refused request: the problem's {@code detail} (or title) and its field errors. */
    Failure refused(Answer answer) {
        JsonNode problem = parseOrNull(answer.body());
        if (problem == null || !problem.isObject()) {
            return new Failure(API_ERROR, "the server at " + baseUrl() + " answered HTTP " + answer.status());
        }
        String detail = problem.path("detail").asText(problem.path("title").asText("request refused"));
        List<String> fields = new ArrayList<>();
        for (JsonNode e : problem.path("errors")) {
            fields.add(e.path("field").asText("?") + ": " + e.path("message").asText(""));
        }
        return new Failure(API_ERROR, detail + " (HTTP " + answer.status() + ")", fields);
    }

    /** The body of a successful answer as JSON. */
    JsonNode json(Answer answer) throws Failure {
        JsonNode json = parseOrNull(answer.body());
        if (json == null) throw new Failure(API_ERROR, "the server at " + baseUrl() + " did not answer with JSON");
        return json;
    }

    /** {@code s} as one path segment: percent-encoded UTF-8 (RFC 3986 §3.3), spaces as {@code %20}. */
    static String pathSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code --server}, else {@code XPUSH_SERVER}, else the default; without a trailing slash. */
    String baseUrl() {
        String source = "--server";
        String url = server;
        if (isBlank(url)) {
            source = SERVER_ENV;
            url = environment.apply(SERVER_ENV);
        }
        if (isBlank(url)) return DEFAULT_SERVER;
        url = url.strip();
        while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
        if (!isHttpUrl(url)) {
            throw new ParameterException(command.commandLine(),
                    source + " must be an http:// or https:// URL such as " + DEFAULT_SERVER + ", not '" + url + "'");
        }
        return url;
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private String apiKey() {
        String key = isBlank(apiKey) ? environment.apply(API_KEY_ENV) : apiKey;
        if (isBlank(key)) {
            throw new ParameterException(command.commandLine(),
                    "No API key: give --api-key KEY or set " + API_KEY_ENV
                            + " (the server prints one at first start; `xpush apikey create NAME` makes more)");
        }
        return key.strip();
    }

    private HttpRequest.Builder request(String path) {
        String key = apiKey();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        try {
            return b.header("Authorization", "Bearer " + key);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "the API key contains characters a header cannot carry");
        }
    }

    private Answer send(HttpRequest.Builder request) throws Failure, InterruptedException {
        HttpRequest r = request.build();
        // HTTP/1.1: no h2c upgrade dance on plain http
        try (HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build()) {
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw unreachable(r, e);
        }
    }

    private Failure unreachable(HttpRequest r, IOException e) {
        String where = baseUrl();
        if (e instanceof HttpConnectTimeoutException) {
            return new Failure(UNREACHABLE, "cannot reach the server at " + where + ": no connection within "
                    + CONNECT_TIMEOUT.toSeconds() + " s (set --server or " + SERVER_ENV + ")");
        }
        if (e instanceof ConnectException) {
            String why = hasCause(e, UnresolvedAddressException.class)
                    ? "unknown host " + r.uri().getHost() + " (set --server or " + SERVER_ENV + ")"
                    : "could not connect (is it running there? set --server or " + SERVER_ENV + ")";
            return new Failure(UNREACHABLE, "cannot reach the server at " + where + ": " + why);
        }
        // The request may have reached the server: say so, since a POST may then have been handled.
        String why = e instanceof HttpTimeoutException
                ? "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s"
                : "the connection failed (" + firstMessage(e) + ")";
        return new Failure(UNREACHABLE, "no answer from the server at " + where + ": " + why
                + "; the request may have been handled");
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }

    /** The first message in the cause chain (the JDK's HTTP client often has none at the top). */
    private static String firstMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getMessage();
        }
        return e.getClass().getSimpleName();
    }

    private static JsonNode parseOrNull(String body) {
        if (body == null || body.isBlank()) return null;
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null; // reported by the caller as a non-JSON answer
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
