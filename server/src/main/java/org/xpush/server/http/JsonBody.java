package org.xpush.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a request body into a record, turning every way it can be wrong into a 400 problem that says where:
 * <ul>
 *   <li>not JSON: {@code "Malformed JSON at line 1, column 17"} (position only, never an excerpt of the body);
 *   <li>empty, or {@code null}: {@code "The request body must be a JSON object"};
 *   <li>a field of the wrong type or format: an {@code errors} entry {@code {"field": "ttl", "message":
 *       "must be an integer"}}, the field named by its path ({@code to.users[1]});
 *   <li>an unknown field (a typo such as {@code colapseKey}): {@code {"field": "colapseKey", "message":
 *       "unknown field"}};
 *   <li>the record's constructor throwing {@link ProblemException} (rethrown as is) or
 *       {@link IllegalArgumentException} (its message becomes the detail).
 * </ul>
 * A body larger than the server's limit is a 413 before any parsing. Missing required fields are not
 * detected here (record components are nullable): check them in the handler and throw
 * {@link ProblemException#badRequest(String, List)}.
 */
public final class JsonBody {

    /** Set by the server on every API request: the largest body it accepts, a {@code Long}. */
    static final String MAX_BYTES_ATTRIBUTE = JsonBody.class.getName() + ".maxBytes";
    /** How much of an oversized body is read and dropped so that its 413 reaches the client; beyond, the connection closes. */
    static final long DRAIN_BYTES = 16L << 20;

    private JsonBody() {}

    /**
     * The body as a {@code type}. Runs on the request's (virtual) thread; reads the whole body.
     *
     * @throws ProblemException 400 if the body is not a {@code type} in JSON, 413 if it is too large
     */
    public static <T> T read(Context ctx, Class<T> type) {
        return parse(body(ctx), type);
    }

    /**
     * The whole body, at most the server's limit. The limit is also Javalin's ({@code ctx.body()}), but reading
     * here answers an oversized chunked body with a 413 problem without Javalin logging a warning for it.
     */
    private static byte[] body(Context ctx) {
        Long limit = ctx.attribute(MAX_BYTES_ATTRIBUTE);
        if (limit == null) return ctx.bodyAsBytes(); // not behind the API filter (a test, or a future route)
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                // Read the rest (up to a bound) before answering: a connection closed with unread data is reset,
                // and the client would see that instead of the 413.
                discard(in, DRAIN_BYTES);
                throw tooLarge(limit);
            }
            return bytes;
        } catch (IOException e) {
            // The client went away or sent a broken chunked body: nobody may be left to read the answer.
            throw ProblemException.badRequest("The request body could not be read completely");
        }
    }

    /** Reads and drops up to {@code max} bytes of the request body; a failure to read only ends the dropping. */
    static void discard(Context ctx, long max) {
        try (InputStream in = ctx.bodyInputStream()) {
            discard(in, max);
        } catch (IOException e) {
            // the client stopped sending: it gets the 413 if it still listens
        }
    }

    /** Reads and drops up to {@code max} bytes; a failure to read only ends the dropping. */
    private static void discard(InputStream in, long max) {
        byte[] buffer = new byte[8192];
        long left = max;
        int n;
        try {
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) left -= n;
        } catch (IOException e) {
            // the client stopped sending: it gets the 413 if it still listens
        }
    }

    /** The 413 answer to a body over {@code maxBytes}. */
    static ProblemException tooLarge(long maxBytes) {
        return ProblemException.contentTooLarge("The request body is larger than " + maxBytes + " bytes");
    }

    /** {@link #read} on bytes already in hand. */
    static <T> T parse(byte[] body, Class<T> type) {
        T value;
        try {
            value = ApiJson.MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw toProblem(e);
        } catch (IOException e) {
            // Reading a byte array does no I/O; this is a parser failure under another name.
            throw ProblemException.badRequest("The request body could not be read as JSON");
        }
        if (value == null) throw ProblemException.badRequest("The request body must be a JSON object, not null");
        return value;
    }

    static ProblemException toProblem(JsonProcessingException e) {
        // A syntax error inside a nested value reaches us wrapped in a JsonMappingException with that value's
        // path: it is still a syntax error, not an invalid field.
        JsonProcessingException syntax = syntaxError(e);
        if (syntax != null) return malformed(syntax);
        if (e instanceof ValueInstantiationException v) {
            if (v.getCause() instanceof ProblemException problem) return problem;
            if (v.getCause() instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
                return ProblemException.badRequest(invalid.getMessage());
            }
            return ProblemException.badRequest("The request body has invalid values");
        }
        if (e instanceof JsonMappingException m) {
            String field = path(m.getPath());
            if (field.isEmpty()) {
                if (isEndOfInput(m)) return ProblemException.badRequest("The request body is empty; it must be a JSON object");
                return ProblemException.badRequest("The request body must be a JSON object");
            }
            String message;
            if (m instanceof UnrecognizedPropertyException) {
                message = "unknown field";
            } else if (m instanceof MismatchedInputException mismatch) {
                message = "must be " + describe(mismatch.getTargetType());
            } else {
                message = "is invalid";
            }
            return ProblemException.badRequest("The request body is invalid: " + field + " " + message,
                    List.of(new FieldError(field, message)));
        }
        return malformed(e);
    }

    /** The parser's own failure (not JSON, or over a parser limit) in the cause chain, or null. */
    private static JsonProcessingException syntaxError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException p && !(t instanceof JsonMappingException)) return p;
        }
        return null;
    }

    /** Not JSON (JsonParseException and friends): say where, and what kind of mistake, never what was there. */
    private static ProblemException malformed(JsonProcessingException e) {
        String what = e instanceof JsonEOFException ? "Unexpected end of JSON input"
                : duplicateField(e) ? "Duplicate field in JSON" : "Malformed JSON";
        JsonLocation at = e.getLocation();
        String where = at != null && at.getLineNr() > 0
                ? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : "";
        return ProblemException.badRequest(what + where);
    }

    /** {@code to.users[1]} from Jackson's reference chain. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) path.append('.');
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) return "of another type";
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (type == String.class || type == Character.class || type == char.class) return "a string";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) return "a number";
        if (type == java.time.Instant.class) return "an ISO-8601 instant such as 2025-01-31T12:00:00Z";
        if (type.isArray() || Collection.class.isAssignableFrom(type)) return "an array";
        if (Map.class.isAssignableFrom(type) || type.isRecord()) return "an object";
        return "of another type";
    }

    private static boolean isEndOfInput(JsonMappingException e) {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("No content to map");
    }

    private static boolean duplicateField(JsonProcessingException e) {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
    }
}
