package org.xpush.server.http;

import java.util.Objects;

/**
 * One invalid field of a request, in the {@code errors} array of a problem.
 *
 * @param field   the field's path in the request body, e.g. {@code ttl}, {@code to.users[2]}; or the name of a
 *                query parameter or header
 * @param message what is wrong, for a person: {@code must be between 0 and 2419200}
 */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
