package org.xpush.server.http.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xpush.server.account.AuthManager;
import org.xpush.server.device.DeviceService;
import org.xpush.server.http.FieldError;
import org.xpush.server.http.ProblemException;
import org.xpush.server.notification.NotificationRequest;
import org.xpush.server.notification.Priority;
import org.xpush.server.notification.Target;

/**
 * The body of {@code POST /api/v1/notifications} (DESIGN §3.3), also what the console's send form fills in.
 * {@link #toRequest()} checks every field and reports all problems at once as field errors.
 */
public record NotificationBody(JsonNode to, String title, String message, String uri, Map<String, String> data, Long ttl,
        String priority, String collapseKey) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Most user names in one {@code users} target. */
    static final int MAX_USERS = 1000;

    /**
     * The validated request.
     *
     * @throws ProblemException (400) listing every invalid field
     */
    public NotificationRequest toRequest() {
        List<FieldError> errors = new ArrayList<>();
        Target target = target(errors);
        if (isBlank(title) && isBlank(message)) errors.add(new FieldError("title", "title or message is required"));
        length(errors, "title", title, NotificationRequest.MAX_TITLE);
        length(errors, "message", message, NotificationRequest.MAX_MESSAGE);
        length(errors, "uri", uri, NotificationRequest.MAX_URI);
        length(errors, "collapseKey", collapseKey, DeviceService.MAX_NAME_LENGTH);
        if (data != null) {
            if (data.size() > NotificationRequest.MAX_DATA_ENTRIES) {
                errors.add(new FieldError("data", "at most " + NotificationRequest.MAX_DATA_ENTRIES + " entries"));
            } else if (jsonLength(data) > NotificationRequest.MAX_DATA_JSON) {
                errors.add(new FieldError("data", "at most " + NotificationRequest.MAX_DATA_JSON + " bytes as JSON"));
            }
            data.forEach((k, v) -> {
                if (k.isEmpty()) errors.add(new FieldError("data", "keys must not be empty"));
                if (v == null) errors.add(new FieldError("data." + k, "must be a string"));
            });
        }
        long maxTtl = NotificationRequest.MAX_TTL.toSeconds();
        if (ttl != null && (ttl < 0 || ttl > maxTtl)) {
            errors.add(new FieldError("ttl", "must be between 0 and " + maxTtl + " seconds"));
        }
        Priority p = null;
        if (priority != null) {
            try {
                p = Priority.parse(priority);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("priority", "must be high or normal"));
            }
        }
        if (!errors.isEmpty()) throw ProblemException.badRequest("The notification is not valid", errors);
        return new NotificationRequest(target, title, message, uri, data, ttl == null ? null : Duration.ofSeconds(ttl), p,
                collapseKey);
    }

    /** {@code "to"}: exactly one of user, users, alias, tag, all. */
    private Target target(List<FieldError> errors) {
        String expected = "an object with one of user, users, alias, tag or all";
        if (to == null || to.isNull()) {
            errors.add(new FieldError("to", "required: " + expected));
            return null;
        }
        if (!to.isObject() || to.size() != 1) {
            errors.add(new FieldError("to", "must be " + expected));
            return null;
        }
        String kind = to.fieldNames().next();
        JsonNode v = to.get(kind);
        switch (kind) {
            case "user" -> {
                String name = username(errors, "to.user", v);
                return name == null ? null : new Target.User(name);
            }
            case "users" -> {
                if (!v.isArray() || v.isEmpty() || v.size() > MAX_USERS) {
                    errors.add(new FieldError("to.users", "must be an array of 1 to " + MAX_USERS + " user names"));
                    return null;
                }
                List<String> names = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) names.add(username(errors, "to.users[" + i + "]", v.get(i)));
                return names.contains(null) ? null : new Target.Users(names);
            }
            case "alias", "tag" -> {
                if (!v.isTextual()) {
                    errors.add(new FieldError("to." + kind, "must be a string"));
                    return null;
                }
                try {
                    String name = DeviceService.checkName(v.asText(), kind);
                    return kind.equals("alias") ? new Target.Alias(name) : new Target.Tag(name);
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("to." + kind, e.getMessage()));
                    return null;
                }
            }
            case "all" -> {
                if (!v.isBoolean() || !v.asBoolean()) {
                    errors.add(new FieldError("to.all", "must be true"));
                    return null;
                }
                return new Target.All();
            }
            default -> {
                errors.add(new FieldError("to", "must be " + expected + ", not " + kind));
                return null;
            }
        }
    }

    private static String username(List<FieldError> errors, String field, JsonNode v) {
        if (v == null || !v.isTextual()) {
            errors.add(new FieldError(field, "must be a user name"));
            return null;
        }
        try {
            return AuthManager.normalizeUsername(v.asText());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, e.getMessage()));
            return null;
        }
    }

    private static void length(List<FieldError> errors, String field, String value, int max) {
        if (value != null && value.length() > max) errors.add(new FieldError(field, "at most " + max + " characters"));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** Size of the data map as stored (UTF-8 JSON). */
    private static int jsonLength(Map<String, String> data) {
        try {
            return JSON.writeValueAsString(data).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            return Integer.MAX_VALUE; // cannot be stored, so too large
        }
    }
}
