package org.xpush.server.console;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The console's static files, read once from the jar: our stylesheet and script, and htmx from its WebJar. No
 * CDN: the console works on a network without internet access. Served at {@code /assets/NAME}.
 */
final class Assets {

    /** The htmx WebJar's version; must match the dependency (the parent POM's {@code htmx.version}). */
    static final String HTMX_VERSION = "2.0.8";

    private record Asset(String resource, String contentType) {}

    private static final Map<String, Asset> ASSETS = Map.of(
            "console.css", new Asset("/console/console.css", "text/css; charset=utf-8"),
            "console.js", new Asset("/console/console.js", "text/javascript; charset=utf-8"),
            "htmx.min.js", new Asset("/META-INF/resources/webjars/htmx.org/" + HTMX_VERSION + "/dist/htmx.min.js",
                    "text/javascript; charset=utf-8"));

    private Assets() {}

    /** Registers {@code GET /assets/{name}}; fails at start if an asset is missing from the classpath. */
    static void register(RoutesConfig routes) {
        Map<String, byte[]> bodies = new java.util.HashMap<>();
        ASSETS.forEach((name, asset) -> bodies.put(name, read(asset.resource())));
        routes.get("/assets/{name}", ctx -> {
            String name = ctx.pathParam("name");
            byte[] body = bodies.get(name);
            if (body == null) throw ConsoleError.notFound("No asset " + name);
            // URLs carry ?v=<version>, so a new build is fetched anew
            ctx.contentType(ASSETS.get(name).contentType()).header("Cache-Control", "public, max-age=86400")
                    .result(body);
        });
    }

    private static byte[] read(String resource) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) throw new UncheckedIOException(new IOException(resource + " is not on the classpath"));
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
