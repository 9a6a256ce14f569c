package org.xpush.server.console.notifications;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.xpush.server.console.Console;
import org.xpush.server.console.ConsoleError;
import org.xpush.server.console.ConsolePage;
import org.xpush.server.console.ConsoleGuard;
import org.xpush.server.console.ConsoleRedirect;
import org.xpush.server.console.ConsoleServices;
import org.xpush.server.console.Display;
import org.xpush.server.console.PageView;
import org.xpush.server.http.ProblemException;
import org.xpush.server.notification.DeliveryCounts;
import org.xpush.server.notification.Notification;
import org.xpush.server.notification.NotificationManager;
import org.xpush.server.notification.Target;
import org.xpush.server.notification.UnknownUsersException;

/**
 * {@code /notifications}: the send form and the history with each notification's counts (newest first, paged by
 * sequence number); {@code /notifications/{id}}: one notification and its counts, refreshed live by htmx.
 * Notifications sent here carry no API key (history shows "console").
 */
public final class NotificationsPage implements ConsolePage {

    /** Notifications per history page. */
    public static final int PAGE_SIZE = 25;

    /** A history row. */
    public record Row(Notification notification, String target, DeliveryCounts counts) {}

    /** The page: the form (with its problems), the history, and the cursor of older notifications (or null). */
    public record Model(SendForm form, List<String> errors, List<Row> rows, String older) {}

    /** The detail page. */
    public record Detail(Notification notification, String target, String sender, DeliveryCounts counts,
            boolean expired, boolean justSent) {}

    private final ConsoleServices services;
    private final Console console;

    public NotificationsPage(ConsoleServices services, Console console) {
        this.services = services;
        this.console = console;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/notifications", ctx -> page(ctx, SendForm.empty(), List.of()));
        routes.post("/notifications", this::send);
        routes.get("/notifications/{id}", ctx -> {
            NotificationManager.Status status = services.notifications().status(ctx.pathParam("id"))
                    .orElseThrow(() -> ConsoleError.notFound("There is no notification " + ctx.pathParam("id")
                            + " (notifications are deleted some time after they expire)."));
            Notification n = status.notification();
            PageView view = console.view(ctx, "Notification " + n.id(), "notifications");
            console.templates().page(ctx, "notification.jte", view, new Detail(n, target(n.target()),
                    n.apiKeyId() == null ? "console" : "API key " + n.apiKeyId(), status.counts(),
                    n.expiredAt(Instant.now()), ctx.queryParam("sent") != null));
        });
    }

    private void send(Context ctx) {
        SendForm form = SendForm.from(ctx);
        NotificationManager.Accepted accepted;
        try {
            accepted = services.notifications().accept(form.toRequest(), null, null);
        } catch (ProblemException e) {
            ctx.status(400);
            page(ctx, form, e.problem().errors().stream()
                    .map(f -> SendForm.formField(f.field()) + ": " + f.message()).toList());
            return;
        } catch (UnknownUsersException e) {
            ctx.status(400);
            page(ctx, form, List.of("value: there is no user " + String.join(", ", e.users())));
            return;
        }
        String id = accepted.notification().id();
        org.slf4j.LoggerFactory.getLogger(NotificationsPage.class)
                .info("console: {} sent notification {}", ConsoleGuard.session(ctx).username(), id);
        throw new ConsoleRedirect("/notifications/" + Display.path(id) + "?sent=1");
    }

    private void page(Context ctx, SendForm form, List<String> errors) {
        Long before = null;
        String cursor = ctx.queryParam("before");
        if (cursor != null) {
            try {
                before = Long.parseLong(cursor, 36);
            } catch (NumberFormatException e) {
                throw ConsoleError.badRequest("That is not a page of the history: " + cursor);
            }
        }
        int status = ctx.statusCode();
        Instant now = Instant.now();
        List<Notification> page = services.history().history(before, PAGE_SIZE);
        List<Row> rows = page.stream()
                .map(n -> new Row(n, target(n.target()), services.history().counts(n, now))).toList();
        String older = page.size() == PAGE_SIZE ? Long.toString(page.get(page.size() - 1).seq(), 36) : null;
        console.templates().page(ctx, "notifications.jte", console.view(ctx, "Notifications", "notifications"),
                new Model(form, errors, rows, older));
        ctx.status(status);
    }

    /** "user alice", "alias bob", "tag news", "everyone", "users a, b". */
    static String target(Target t) {
        return switch (t) {
            case Target.User u -> "user " + u.name();
            case Target.Users us -> "users " + us.names().stream().limit(5).collect(Collectors.joining(", "))
                    + (us.names().size() > 5 ? " and " + (us.names().size() - 5) + " more" : "");
            case Target.Alias a -> "alias " + a.alias();
            case Target.Tag tag -> "tag " + tag.tag();
            case Target.All all -> "everyone";
        };
    }
}
