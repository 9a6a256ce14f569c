package org.xpush.server.http.api;

import io.javalin.http.Context;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xpush.server.http.ApiKeyAuth;
import org.xpush.server.http.ApiModule;
import org.xpush.server.http.ApiRoutes;
import org.xpush.server.http.FieldError;
import org.xpush.server.http.JsonBody;
import org.xpush.server.http.ProblemException;
import org.xpush.server.notification.DeliveryCounts;
import org.xpush.server.notification.Notification;
import org.xpush.server.notification.NotificationManager;
import org.xpush.server.notification.NotificationRequest;
import org.xpush.server.notification.NotificationStore;
import org.xpush.server.notification.StoppingException;
import org.xpush.server.notification.Target;
import org.xpush.server.notification.UnknownUsersException;

/**
 * {@code /api/v1/notifications}: send (202 once stored, idempotent with {@code Idempotency-Key}), status with
 * counts, and paged history (DESIGN §3.3). Handlers run on virtual threads and block on the database.
 */
public final class NotificationApi implements ApiModule {

    /** Longest Idempotency-Key accepted. */
    static final int MAX_IDEMPOTENCY_KEY = 255;
    /** Shorter for a batch: each notification records the key with its position (see NotificationManager). */
    static final int MAX_BATCH_IDEMPOTENCY_KEY = 240;

    private final NotificationManager notifications;
    private final NotificationStore store;

    public NotificationApi(NotificationManager notifications, NotificationStore store) {
        this.notifications = notifications;
        this.store = store;
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.post("/notifications", ctx -> {
            String idempotencyKey = idempotencyKey(ctx, MAX_IDEMPOTENCY_KEY);
            NotificationBody body = JsonBody.read(ctx, NotificationBody.class);
            NotificationManager.Accepted accepted;
            try {
                accepted = notifications.accept(body.toRequest(), ApiKeyAuth.key(ctx).id(), idempotencyKey);
            } catch (StoppingException e) {
                throw stopping();
            } catch (UnknownUsersException e) {
                throw ProblemException.badRequest("The notification names users that do not exist",
                        e.users().stream().map(u -> new FieldError("to", "no such user: " + u)).toList());
            }
            if (!accepted.created()) ctx.header("Idempotent-Replayed", "true");
            ctx.status(202).json(Map.of("id", accepted.notification().id()));
        });
        routes.post("/notifications/batch", ctx -> {
            String idempotencyKey = idempotencyKey(ctx, MAX_BATCH_IDEMPOTENCY_KEY);
            BatchBody body = JsonBody.read(ctx, BatchBody.class);
            List<NotificationRequest> requests = body.toRequests();
            NotificationManager.AcceptedBatch accepted;
            try {
                accepted = notifications.acceptAll(requests, ApiKeyAuth.key(ctx).id(), idempotencyKey);
            } catch (StoppingException e) {
                throw stopping();
            } catch (UnknownUsersException e) {
                throw ProblemException.badRequest("Notifications name users that do not exist; none was stored",
                        BatchBody.unknownUsers(requests, e.users()));
            }
            if (!accepted.created()) ctx.header("Idempotent-Replayed", "true");
            ctx.status(202).json(Map.of("ids", accepted.notifications().stream().map(Notification::id).toList()));
        });
        routes.get("/notifications/{id}", ctx -> {
            NotificationManager.Status status = notifications.status(ctx.pathParam("id"))
                    .orElseThrow(() -> ProblemException.notFound("No notification with this id"));
            ctx.json(view(status.notification(), status.counts()));
        });
        routes.get("/notifications", ctx -> {
            int limit = intParam(ctx.queryParam("limit"), "limit", 50, 1, 500);
            Long before = null;
            String cursor = ctx.queryParam("before");
            if (cursor != null) {
                try {
                    before = Long.parseLong(cursor, 36);
                } catch (NumberFormatException e) {
                    throw ProblemException.invalidField("before", "not a cursor from a previous page");
                }
            }
            List<Notification> page = store.history(before, limit);
            String next = page.size() == limit ? Long.toString(page.get(page.size() - 1).seq(), 36) : null;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("items", page.stream().map(n -> view(n, null)).toList());
            out.put("next", next);
            ctx.json(out);
        });
    }

    /** The Idempotency-Key header, checked; null when absent. */
    private static String idempotencyKey(Context ctx, int max) {
        String key = ctx.header("Idempotency-Key");
        if (key != null && (key.isBlank() || key.length() > max)) {
            throw ProblemException.badRequest("Idempotency-Key must be 1 to " + max + " characters");
        }
        return key;
    }

    private static ProblemException stopping() {
        return ProblemException.serviceUnavailable("The server is stopping; retry the request (with the same Idempotency-Key)");
    }

    static int intParam(String value, String name, int dflt, int min, int max) {
        if (value == null) return dflt;
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.invalidField(name, "must be a whole number from " + min + " to " + max);
    }

    /** The JSON view of a notification; counts are included when given. */
    static Map<String, Object> view(Notification n, DeliveryCounts counts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("to", to(n.target()));
        m.put("title", n.title());
        m.put("message", n.message());
        m.put("uri", n.uri());
        m.put("data", n.data());
        m.put("priority", n.priority().wireName());
        m.put("ttl", n.ttlSeconds());
        m.put("collapseKey", n.collapseKey());
        m.put("created", DateTimeFormatter.ISO_INSTANT.format(n.created()));
        m.put("expires", DateTimeFormatter.ISO_INSTANT.format(n.expires()));
        m.put("targeted", n.targeted());
        if (counts != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("targeted", counts.targeted());
            c.put("delivered", counts.delivered());
            c.put("acknowledged", counts.acknowledged());
            c.put("failed", counts.failed());
            c.put("expired", counts.expired());
            c.put("pending", counts.pending());
            m.put("counts", c);
        }
        return m;
    }

    private static Map<String, Object> to(Target t) {
        return switch (t) {
            case Target.User u -> Map.of("user", u.name());
            case Target.Users us -> Map.of("users", us.names());
            case Target.Alias a -> Map.of("alias", a.alias());
            case Target.Tag tag -> Map.of("tag", tag.tag());
            case Target.All all -> Map.of("all", true);
        };
    }
}
