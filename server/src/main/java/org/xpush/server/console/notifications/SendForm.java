package org.xpush.server.console.notifications;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.xpush.server.http.FieldError;
import org.xpush.server.http.ProblemException;
import org.xpush.server.http.api.NotificationBody;
import org.xpush.server.notification.NotificationRequest;

/**
 * The console's send form, as typed (so that a refused form comes back filled in). {@link #toRequest()} checks it
 * with the same rules as the JSON API ({@link NotificationBody}).
 *
 * @param target   user, alias, tag or all
 * @param value    the user, alias or tag name (ignored for all)
 * @param title    title
 * @param message  message
 * @param uri      uri
 * @param ttl      seconds, as typed
 * @param priority normal or high
 */
public record SendForm(String target, String value, String title, String message, String uri, String ttl,
        String priority) {

    /** The targets the form offers. */
    public static final List<String> TARGETS = List.of("user", "alias", "tag", "all");

    /** An empty form: to a user, TTL one day, normal priority. */
    public static SendForm empty() {
        return new SendForm("user", "", "", "", "", "86400", "normal");
    }

    /** The form as posted. */
    public static SendForm from(Context ctx) {
        return new SendForm(text(ctx, "target"), text(ctx, "value"), text(ctx, "title"), text(ctx, "message"),
                text(ctx, "uri"), text(ctx, "ttl"), text(ctx, "priority"));
    }

    /**
     * The validated request.
     *
     * @throws ProblemException (400) listing every problem, with the form's field names
     */
    public NotificationRequest toRequest() {
        List<FieldError> errors = new ArrayList<>();
        ObjectNode to = JsonNodeFactory.instance.objectNode();
        switch (target) {
            case "all" -> to.put("all", true);
            case "user", "alias", "tag" -> {
                if (value.isBlank()) errors.add(new FieldError("value", "name the " + target + " to send to"));
                to.put(target, value.strip());
            }
            default -> errors.add(new FieldError("target", "choose user, alias, tag or everyone"));
        }
        Long seconds = null;
        if (!ttl.isBlank()) {
            try {
                seconds = Long.parseLong(ttl.strip());
            } catch (NumberFormatException e) {
                errors.add(new FieldError("ttl", "must be a whole number of seconds"));
            }
        }
        if (!errors.isEmpty()) throw ProblemException.badRequest("The notification is not valid", errors);
        NotificationBody body = new NotificationBody(to, blankToNull(title), blankToNull(message), blankToNull(uri),
                null, seconds, priority.isBlank() ? null : priority, null);
        return body.toRequest();
    }

    private static String text(Context ctx, String field) {
        String v = ctx.formParam(field);
        return v == null ? "" : v;
    }

    private static String blankToNull(String s) {
        return s.isBlank() ? null : s;
    }

    /** For the JSON field names the API reports ({@code to.user}), the form's ({@code value}). */
    static String formField(String apiField) {
        return apiField.startsWith("to") ? "value" : apiField;
    }
}
