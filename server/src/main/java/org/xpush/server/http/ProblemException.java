package org.xpush.server.http;

import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP error as the client should see it: thrown by any handler (or by {@link JsonBody}), turned into an
 * {@code application/problem+json} response in exactly one place ({@link ProblemResponses}). It is the only
 * way handlers signal client errors; anything else they throw becomes a 500.
 *
 * <p>Immutable. It carries no stack trace: it is an answer, not a failure of the server.
 *
 * <pre>{@code
 * throw ProblemException.notFound("No notification " + id);
 * throw ProblemException.badRequest("The notification is invalid",
 *         List.of(new FieldError("ttl", "must be between 0 and 2419200")));
 * }</pre>
 */
public final class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Map<String, String> headers;

    /**
     * A problem of type {@code about:blank}.
     *
     * @param title  null for the status's reason phrase (what RFC 9457 §4.2.1 asks for with {@code about:blank})
     * @param detail what went wrong this time, for a person; may be null
     * @param errors the invalid fields; may be null or empty
     */
    public ProblemException(int status, String title, String detail, List<FieldError> errors) {
        this(Problem.ABOUT_BLANK, status, title, detail, errors);
    }

    /**
     * A problem of a specific type.
     *
     * @param type a URI naming the kind of problem, documented in the OpenAPI document
     */
    public ProblemException(String type, int status, String title, String detail, List<FieldError> errors) {
        this(new Problem(Objects.requireNonNull(type, "type"), title != null ? title : reasonPhrase(status), status,
                detail, errors), Map.of());
    }

    private ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.status() + " " + problem.title() + (problem.detail() != null ? ": " + problem.detail() : ""),
                null, false, false);
        if (problem.status() < 400 || problem.status() > 599) {
            throw new IllegalArgumentException("a problem has a 4xx or 5xx status, not " + problem.status());
        }
        this.problem = problem;
        this.headers = headers;
    }

    /** 400: the request is wrong as a whole (unreadable, inconsistent). */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, null, detail, null);
    }

    /** 400 with the fields that are wrong; {@code detail} sums it up ("The notification is invalid"). */
    public static ProblemException badRequest(String detail, List<FieldError> errors) {
        return new ProblemException(400, null, detail, errors);
    }

    /** 400 for one invalid field (a body field, query parameter or header). */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(400, null, field + " " + message, List.of(new FieldError(field, message)));
    }

    /** 403: authenticated, but this key may not do that. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, null, detail, null);
    }

    /** 404: the resource named by the path does not exist. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, null, detail, null);
    }

    /** 409: the request conflicts with the current state (a name taken, an idempotency key reused differently). */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, null, detail, null);
    }

    /** 413: the body is larger than the server accepts. */
    public static ProblemException contentTooLarge(String detail) {
        return new ProblemException(413, null, detail, null);
    }

    /** 422: well-formed and valid, but the server cannot act on it (e.g. unknown target users). */
    public static ProblemException unprocessable(String detail, List<FieldError> errors) {
        return new ProblemException(422, null, detail, errors);
    }

    /** 429 with {@code Retry-After} (RFC 9110 §10.2.3) in whole seconds, at least 1. */
    public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ProblemException(429, null, detail, null)
                .withHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
    }

    /** 503: the server cannot do it now (starting, stopping, database unreachable); the client may retry. */
    public static ProblemException serviceUnavailable(String detail) {
        return new ProblemException(503, null, detail, null);
    }

    /** This problem with one more response header (e.g. {@code WWW-Authenticate}, {@code Allow}). */
    public ProblemException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new ProblemException(problem, Map.copyOf(more));
    }

    public int status() {
        return problem.status();
    }

    /** The response body. */
    public Problem problem() {
        return problem;
    }

    /** Response headers to send with it, besides the content type. Unmodifiable. */
    public Map<String, String> headers() {
        return headers;
    }

    static String reasonPhrase(int status) {
        HttpStatus known = HttpStatus.forStatus(status);
        return known != HttpStatus.UNKNOWN ? known.getMessage() : "HTTP " + status;
    }
}
