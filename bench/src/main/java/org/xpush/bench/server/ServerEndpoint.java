package org.xpush.bench.server;

import java.net.URI;
import java.util.Objects;

/**
 * Where the server under test listens and how to use its API.
 *
 * @param host     XMPP host
 * @param xmppPort XMPP port (plain TCP with STARTTLS offered)
 * @param domain   XMPP domain
 * @param api      base URL of the HTTP server, e.g. {@code http://127.0.0.1:7070}; null for a generic XMPP server
 * @param apiKey   an API key ({@code xp_…}); null for a generic XMPP server
 */
public record ServerEndpoint(String host, int xmppPort, String domain, URI api, String apiKey) {

    public ServerEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(domain, "domain");
        if ((api == null) != (apiKey == null)) throw new IllegalArgumentException("api and apiKey go together");
    }

    /** Whether this is an xpush server with its HTTP API (not a generic XMPP server). */
    public boolean hasApi() {
        return api != null;
    }
}
