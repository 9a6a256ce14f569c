package org.xpush.server.http.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xpush.server.http.FieldError;
import org.xpush.server.http.ProblemException;
import org.xpush.server.notification.NotificationRequest;
import org.xpush.server.notification.Target;

/**
 * The body of {@code POST /api/v1/notifications/batch}: {@code {"notifications": [ … ]}}, each element a
 * {@link NotificationBody}. Checked as a whole: one invalid element refuses the request, and every problem is
 * reported with the element's index ({@code notifications[3].title}).
 */
record BatchBody(List<NotificationBody> notifications) {

    /** Most notifications in one request. */
    static final int MAX_NOTIFICATIONS = 500;

    List<NotificationRequest> toRequests() {
        if (notifications == null || notifications.isEmpty() || notifications.size() > MAX_NOTIFICATIONS) {
            throw ProblemException.invalidField("notifications",
                    "must be an array of 1 to " + MAX_NOTIFICATIONS + " notifications");
        }
        List<FieldError> errors = new ArrayList<>();
        List<NotificationRequest> requests = new ArrayList<>(notifications.size());
        for (int i = 0; i < notifications.size(); i++) {
            NotificationBody body = notifications.get(i);
            if (body == null) {
                errors.add(new FieldError(field(i, null), "must be a notification object"));
                continue;
            }
            try {
                requests.add(body.toRequest());
            } catch (ProblemException e) {
                for (FieldError f : e.problem().errors()) errors.add(new FieldError(field(i, f.field()), f.message()));
            }
        }
        if (!errors.isEmpty()) throw ProblemException.badRequest("Notifications are not valid; none was stored", errors);
        return requests;
    }

    /** One field error per element that names a user without an account. */
    static List<FieldError> unknownUsers(List<NotificationRequest> requests, Collection<String> unknown) {
        Set<String> missing = new HashSet<>(unknown);
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            List<String> named = switch (requests.get(i).target()) {
                case Target.User u -> List.of(u.name());
                case Target.Users us -> us.names();
                default -> List.of();
            };
            for (String u : named.stream().distinct().toList()) {
                if (missing.contains(u)) errors.add(new FieldError(field(i, "to"), "no such user: " + u));
            }
        }
        return errors;
    }

    private static String field(int index, String field) {
        return "notifications[" + index + "]" + (field == null ? "" : "." + field);
    }
}
