package org.xpush.server.console.users;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.xpush.server.account.Account;
import org.xpush.server.account.AuthManager;
import org.xpush.server.console.Console;
import org.xpush.server.console.ConsoleError;
import org.xpush.server.console.ConsolePage;
import org.xpush.server.console.ConsoleRedirect;
import org.xpush.server.console.ConsoleServices;
import org.xpush.server.console.PageView;
import org.xpush.server.console.sessions.SessionRow;
import org.xpush.server.device.Device;
import org.xpush.xmpp.stream.StreamErrorCondition;

/**
 * {@code /users}: search by name prefix and keyset paging over the accounts' primary key, so a page costs the same
 * with a hundred or a hundred thousand users; {@code /users/{name}}: one user's device (alias, tags), sessions, and
 * delete.
 */
public final class UsersPage implements ConsolePage {

    /** Names per page. */
    public static final int PAGE_SIZE = 50;

    /** A row of the list. */
    public record Row(String name, boolean online) {}

    /** The list page: search text, rows, the cursor of the next page (or null), and the total. */
    public record ListModel(String query, String after, List<Row> rows, String next, long total) {}

    /** The detail page. */
    public record Detail(String name, Instant created, String alias, List<String> tags, boolean acknowledges,
            List<SessionRow> sessions) {}

    private final ConsoleServices services;
    private final Console console;

    public UsersPage(ConsoleServices services, Console console) {
        this.services = services;
        this.console = console;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/users", this::list);
        routes.get("/users/{name}", ctx -> {
            PageView view = console.view(ctx, "User", "users");
            String kicked = ctx.queryParam("kicked");
            detail(ctx, kicked == null ? view : view.withNotice("Disconnected " + kicked + "."));
        });
        routes.post("/users/{name}/alias", ctx -> {
            String name = name(ctx);
            String alias = ctx.formParam("alias");
            change(ctx, () -> services.devices().setAlias(name, alias == null || alias.isBlank() ? null : alias.strip()),
                    "Alias saved.");
        });
        routes.post("/users/{name}/tags", ctx -> {
            String name = name(ctx);
            String raw = ctx.formParam("tags");
            List<String> tags = raw == null ? List.of() : Arrays.stream(raw.split(","))
                    .map(String::strip).filter(t -> !t.isEmpty()).distinct().toList();
            change(ctx, () -> services.devices().setTags(name, tags), "Tags saved.");
        });
        routes.post("/users/{name}/delete", ctx -> {
            String name = name(ctx);
            if (!services.accounts().delete(name)) throw ConsoleError.notFound("There is no user " + name + ".");
            services.sessions().sessionsOf(name)
                    .forEach(s -> s.end(StreamErrorCondition.NOT_AUTHORIZED, "account removed"));
            throw new ConsoleRedirect("/users?deleted=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        });
    }

    private void list(Context ctx) {
        String query = trimmed(ctx.queryParam("q"));
        String after = trimmed(ctx.queryParam("after"));
        // lower case: stored names are (JID local parts are case-insensitive), and the prefix index is on them
        String prefix = query == null ? null : query.toLowerCase(java.util.Locale.ROOT);
        List<String> names = services.accounts().store().list(prefix, after, PAGE_SIZE + 1);
        String next = names.size() > PAGE_SIZE ? names.get(PAGE_SIZE - 1) : null;
        List<Row> rows = names.stream().limit(PAGE_SIZE)
                .map(n -> new Row(n, !services.sessions().sessionsOf(n).isEmpty())).toList();
        PageView view = console.view(ctx, "Users", "users");
        String deleted = ctx.queryParam("deleted");
        if (deleted != null) view = view.withNotice("User " + deleted + " deleted.");
        console.templates().page(ctx, "users.jte", view,
                new ListModel(query == null ? "" : query, after, rows, next, services.accounts().store().count()));
    }

    private void detail(Context ctx, PageView view) {
        String name = name(ctx);
        Account account = services.accounts().find(name)
                .orElseThrow(() -> ConsoleError.notFound("There is no user " + name + "."));
        Device device = services.devices().device(name)
                .orElseThrow(() -> ConsoleError.notFound("There is no user " + name + "."));
        List<org.xpush.server.session.ClientSession> online = services.sessions().sessionsOf(name);
        online.forEach(services.versions()::ask); // answers show on the next view
        List<SessionRow> sessions = online.stream().map(SessionRow::of).toList();
        console.templates().page(ctx, "user.jte", view.withTitle("User " + name), new Detail(account.username(),
                account.created(), device.alias(), device.tags().stream().sorted().toList(), device.acknowledges(),
                sessions));
    }

    private void change(Context ctx, java.util.function.Supplier<Optional<Device>> change, String done) {
        PageView view = console.view(ctx, "User", "users");
        try {
            if (change.get().isEmpty()) throw ConsoleError.notFound("There is no user " + name(ctx) + ".");
            view = view.withNotice(done);
        } catch (IllegalArgumentException e) {
            ctx.status(400);
            view = view.withNotice("Not saved: " + e.getMessage() + ".");
        }
        int status = ctx.statusCode();
        detail(ctx, view);
        ctx.status(status);
    }

    private static String name(Context ctx) {
        String raw = ctx.pathParam("name");
        try {
            return AuthManager.normalizeUsername(raw);
        } catch (IllegalArgumentException e) {
            throw ConsoleError.notFound("There is no user " + raw + ".");
        }
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
