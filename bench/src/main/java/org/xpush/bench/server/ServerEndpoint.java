package org.xpush.bench.server;

import java.net.URI;
import java.util.Objects;

/**
 * Where the server under test listens and how to use its API.
 *
 * @param host     XMPP host
 * @param xmppPort XMPP port (plain TCP with STARTTLS offered)
 * @param domain   XMPP domain
 * @param api      base URL of the HTTP server, e.g. {@code http://127.0.0.1:7070}
 * @param apiKey   an API key ({@code xp_…})
 */
public record ServerEndpoint(String host, int xmppPort, String domain, URI api, String apiKey) {

    public ServerEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(apiKey, "apiKey");
    }
}
