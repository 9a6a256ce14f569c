package org.xpush.server.console.apikeys;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.apikey.ApiKey;
import org.xpush.server.apikey.NewApiKey;
import org.xpush.server.console.Console;
import org.xpush.server.console.ConsoleError;
import org.xpush.server.console.ConsoleGuard;
import org.xpush.server.console.ConsolePage;
import org.xpush.server.console.ConsoleRedirect;
import org.xpush.server.console.ConsoleServices;
import org.xpush.server.console.Display;
import org.xpush.server.console.PageView;

/**
 * {@code /apikeys}: list the API keys (valid first, then revoked), create one (its secret is shown on the answer
 * page only: it is not stored and cannot be shown again), revoke one. Revocation takes effect on this node at once.
 */
public final class ApiKeysPage implements ConsolePage {

    private static final Logger log = LoggerFactory.getLogger(ApiKeysPage.class);

    /**
     * The page.
     *
     * @param keys    every key, valid ones first, newest first
     * @param created the key just created, with its secret, or null
     * @param error   why the key was not created, or null
     * @param name    the name typed in the form
     */
    public record Model(List<ApiKey> keys, NewApiKey created, String error, String name) {}

    private final ConsoleServices services;
    private final Console console;

    public ApiKeysPage(ConsoleServices services, Console console) {
        this.services = services;
        this.console = console;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/apikeys", ctx -> {
            PageView view = console.view(ctx, "API keys", "apikeys");
            String revoked = ctx.queryParam("revoked");
            if (revoked != null) view = view.withNotice("API key " + revoked + " revoked.");
            page(ctx, view, new Model(keys(), null, null, ""));
        });
        routes.post("/apikeys", ctx -> {
            String name = ctx.formParam("name");
            PageView view = console.view(ctx, "API keys", "apikeys");
            NewApiKey created;
            try {
                created = services.apiKeys().create(name);
            } catch (IllegalArgumentException e) {
                page(ctx, view, new Model(keys(), null, e.getMessage(), name == null ? "" : name));
                ctx.status(400);
                return;
            }
            log.info("console: {} created API key {} ({})", ConsoleGuard.session(ctx).username(),
                    created.key().id(), created.key().name());
            page(ctx, view.withNotice("API key " + created.key().id() + " created."),
                    new Model(keys(), created, null, ""));
        });
        routes.post("/apikeys/{id}/revoke", ctx -> {
            String id = ctx.pathParam("id");
            if (services.apiKeys().find(id).isEmpty()) throw ConsoleError.notFound("There is no API key " + id + ".");
            services.apiKeys().revoke(id);
            log.info("console: {} revoked API key {}", ConsoleGuard.session(ctx).username(), id);
            throw new ConsoleRedirect("/apikeys?revoked=" + Display.path(id));
        });
    }

    private List<ApiKey> keys() {
        return services.apiKeys().list().stream()
                .sorted(Comparator.comparing(ApiKey::isRevoked).thenComparing(ApiKey::created, Comparator.reverseOrder()))
                .toList();
    }

    private void page(Context ctx, PageView view, Model model) {
        console.templates().page(ctx, "apikeys.jte", view, model);
    }
}
