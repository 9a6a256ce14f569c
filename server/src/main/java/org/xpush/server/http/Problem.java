package org.xpush.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The body of an error response, RFC 9457 "Problem Details for HTTP APIs" ({@code application/problem+json}).
 *
 * @param type   a URI naming the kind of problem; {@code about:blank} when the status says it all (RFC 9457
 *               §4.2.1), and then {@code title} is the status's reason phrase
 * @param title  short, the same for every occurrence of the type
 * @param status the HTTP status code, repeated for clients that only see the body
 * @param detail what went wrong this time, for a person; omitted when null
 * @param errors the invalid fields (an extension member); omitted when empty
 */
@JsonPropertyOrder({"type", "title", "status", "detail", "errors"})
public record Problem(
        String type,
        String title,
        int status,
        @JsonInclude(JsonInclude.Include.NON_NULL) String detail,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors) {

    /** RFC 9457 §4.2.1: the type of problems that have no more semantics than their status code. */
    public static final String ABOUT_BLANK = "about:blank";

    /** The media type of a problem (RFC 9457 §3). */
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
