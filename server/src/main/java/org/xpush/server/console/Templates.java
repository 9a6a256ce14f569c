package org.xpush.server.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Renders the console's JTE templates ({@code src/main/jte}, compiled to classes at build time, so no compiler
 * runs on the server). Output is HTML-escaped by context (text, attributes) unless a template says otherwise.
 * Thread-safe.
 */
public final class Templates {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** Renders {@code name} (e.g. {@code "users.jte"}) with its parameters as the response. */
    public void render(Context ctx, int status, String name, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        engine.render(name, params, out);
        ctx.status(status).contentType("text/html; charset=utf-8").header("Cache-Control", "no-store")
                .result(out.toString());
    }

    /** {@link #render(Context, int, String, Map)} with status 200 and the usual two parameters. */
    public void page(Context ctx, String name, PageView view, Object model) {
        render(ctx, 200, name, Map.of("view", view, "model", model));
    }
}
