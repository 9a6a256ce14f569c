package org.xpush.server.console;

import io.javalin.config.RoutesConfig;

/**
 * One page of the console (and its form posts): registers its routes. Requests reach them only through
 * {@link ConsoleGuard}, so a handler may take {@link ConsoleGuard#session} for granted and need not check CSRF.
 * Handlers run on virtual threads and may block.
 */
public interface ConsolePage {

    void register(RoutesConfig routes);
}
