package org.xpush.server.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The server's whole configuration, loaded and validated once at start by {@link ConfigLoader}.
 * Every field is documented in README ("Configuration"); the names in DESIGN §3.1 are a contract.
 *
 * @param domain                 the XMPP domain served
 * @param bind                   address the listeners bind to
 * @param xmppPort               STARTTLS port (0 = ephemeral)
 * @param xmppTlsPort            direct TLS port, XEP-0368 (0 = ephemeral, -1 = off)
 * @param httpPort               HTTP port (0 = ephemeral, -1 = off)
 * @param dataDir                data directory (H2 database, generated certificate)
 * @param dbUrl                  JDBC URL, or null for the H2 file in the data directory
 * @param redisUrl               Redis URL for clustering, or null for a single node
 * @param tls                    TLS settings
 * @param registration           in-band registration settings
 * @param limits                 protective limits
 * @param streamManagement       XEP-0198 settings
 * @param keepAlive              idle detection and pings
 * @param notifications          notification storage settings
 */
public record ServerConfig(
        String domain,
        String bind,
        int xmppPort,
        int xmppTlsPort,
        int httpPort,
        Path dataDir,
        String dbUrl,
        String redisUrl,
        Tls tls,
        Registration registration,
        Limits limits,
        StreamManagement streamManagement,
        KeepAlive keepAlive,
        Notifications notifications) {

    /**
     * @param required        STARTTLS must be negotiated before authentication or registration
     * @param certificate     PEM certificate chain, or null to generate a self-signed one into the data directory
     * @param key             PEM private key, or null (with certificate null)
     * @param plainWithoutTls allow SASL PLAIN and XEP-0078 plain passwords on an unencrypted stream
     */
    public record Tls(boolean required, Path certificate, Path key, boolean plainWithoutTls) {}

    /**
     * @param open           anyone may register an account with XEP-0077
     * @param perIpPerMinute registrations accepted per client IP address per minute
     */
    public record Registration(boolean open, int perIpPerMinute) {}

    /**
     * @param maxStanzaBytes       largest stanza accepted; larger ends the stream with policy-violation
     * @param connectionsPerIpPerSecond new connections accepted per client IP address per second
     * @param authAttempts         failed authentication attempts allowed on one connection before it is closed
     * @param apiRequestsPerSecond HTTP API requests one API key may make per second
     */
    public record Limits(int maxStanzaBytes, int connectionsPerIpPerSecond, int authAttempts, int apiRequestsPerSecond) {}

    /**
     * @param resumeTimeout how long a dropped session with XEP-0198 resumption stays resumable
     * @param maxUnacked    stanzas kept for resending per session; more ends the session
     */
    public record StreamManagement(Duration resumeTimeout, int maxUnacked) {}

    /**
     * @param retention     how long expired notifications stay queryable before they are deleted
     * @param sweepInterval how often the expiry job runs
     */
    public record Notifications(Duration retention, Duration sweepInterval) {}

    /**
     * @param pingAfterIdle  an authenticated client silent this long is pinged (XEP-0199)
     * @param pingTimeout    a pinged client that stays silent this long more is dropped
     * @param negotiationTimeout a connection must have authenticated within this time
     */
    public record KeepAlive(Duration pingAfterIdle, Duration pingTimeout, Duration negotiationTimeout) {}
}
