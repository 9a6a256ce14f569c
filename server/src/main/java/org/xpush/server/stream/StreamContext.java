package org.xpush.server.stream;

import io.netty.handler.ssl.SslContext;
import java.util.Map;
import org.xpush.server.config.ServerConfig;
import org.xpush.server.routing.StanzaRouter;
import org.xpush.server.sasl.SaslMechanisms;
import org.xpush.server.session.SessionManager;
import org.xpush.server.work.BlockingWork;

/**
 * What every client connection needs from the server, built once by the composition root.
 *
 * @param config       the configuration
 * @param sslContext   server TLS context (STARTTLS and direct TLS)
 * @param sessions     online sessions
 * @param sasl         SASL mechanisms
 * @param router       routes stanzas of bound sessions
 * @param preAuth      handlers of IQs allowed before authentication, by payload namespace
 * @param work         executor for blocking work
 */
public record StreamContext(
        ServerConfig config,
        SslContext sslContext,
        SessionManager sessions,
        SaslMechanisms sasl,
        StanzaRouter router,
        Map<String, PreAuthIqHandler> preAuth,
        BlockingWork work) {}
