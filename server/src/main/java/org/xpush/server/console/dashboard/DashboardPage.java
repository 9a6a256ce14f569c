package org.xpush.server.console.dashboard;

import io.javalin.config.RoutesConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.xpush.server.console.Console;
import org.xpush.server.console.ConsolePage;
import org.xpush.server.console.ConsoleServices;

/**
 * {@code /}: version, uptime, node, connections, notifications per minute, delivery latency, JVM memory, and a live
 * chart; {@code /events}: the server-sent events that keep them current ({@link LiveFigures}).
 */
public final class DashboardPage implements ConsolePage {

    /** What the dashboard template shows besides the live figures. */
    public record Model(String version, String node, String domain, Figures figures) {}

    private final ConsoleServices services;
    private final Console console;
    private final LiveFigures figures;
    private final String node;

    public DashboardPage(ConsoleServices services, Console console, LiveFigures figures) {
        this.services = services;
        this.console = console;
        this.figures = figures;
        this.node = hostName();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> console.templates().page(ctx, "dashboard.jte", console.view(ctx, "Dashboard", "dashboard"),
                new Model(services.version(), node, services.domain(), figures.current())));
        routes.sse("/events", figures::subscribe);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "this node";
        }
    }
}
