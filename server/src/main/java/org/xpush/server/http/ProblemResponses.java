package org.xpush.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors become responses: every exception a route or filter throws ends here as an
 * RFC 9457 {@code application/problem+json} body (STYLE §6).
 * <ul>
 *   <li>{@link ProblemException}: as it says, with its headers;
 *   <li>Javalin's own {@link HttpResponseException}s: no route (404), a route with other methods (405 with
 *       {@code Allow}), a body over the limit (413), …, with the same status;
 *   <li>anything else: 500, logged once here with an incident id that the response repeats; the response
 *       carries no exception text or stack trace.
 * </ul>
 * Runs on the request's thread.
 */
final class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final long maxBodyBytes;

    ProblemResponses(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    void install(RoutesConfig routes) {
        routes.exception(ProblemException.class, (e, ctx) -> write(ctx, e));
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, translate(e, ctx)));
        routes.exception(Exception.class, (e, ctx) -> write(ctx, internalError(e, ctx)));
    }

    private ProblemException translate(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 404 -> ProblemException.notFound("No resource " + ctx.method().name() + " " + ctx.path());
            case 405 -> {
                String allowed = allowedMethods(e);
                ProblemException problem = new ProblemException(405, null,
                        ctx.method().name() + " is not supported on " + ctx.path()
                                + (allowed != null ? "; allowed: " + allowed : ""), null);
                yield allowed != null ? problem.withHeader("Allow", allowed) : problem;
            }
            case 413 -> JsonBody.tooLarge(maxBodyBytes);
            default -> new ProblemException(e.getStatus(), null, null, null);
        };
    }

    private static String allowedMethods(HttpResponseException e) {
        if (!(e instanceof MethodNotAllowedResponse)) return null;
        Map<String, String> details = e.getDetails();
        String methods = details.get("availableMethods");
        return methods != null ? methods : details.get("Available methods");
    }

    private static ProblemException internalError(Exception e, Context ctx) {
        String incident = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        log.error("request {} {} failed, incident {}", ctx.method().name(), ctx.path(), incident, e);
        return new ProblemException(500, null,
                "The server could not handle this request; the error is logged as incident " + incident, null);
    }

    static void write(Context ctx, ProblemException problem) {
        byte[] body;
        try {
            body = ApiJson.MAPPER.writeValueAsBytes(problem.problem());
        } catch (JsonProcessingException e) {
            // A record of strings and ints always serialises; keep a minimal answer in case it does not.
            log.error("cannot serialise problem {}", problem.getMessage(), e);
            body = ("{\"type\":\"about:blank\",\"status\":" + problem.status() + "}").getBytes(StandardCharsets.UTF_8);
        }
        ctx.status(problem.status());
        problem.headers().forEach(ctx::header);
        ctx.contentType(Problem.MEDIA_TYPE);
        ctx.result(body);
    }
}
