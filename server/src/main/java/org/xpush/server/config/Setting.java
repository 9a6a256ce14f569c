package org.xpush.server.config;

import java.util.Locale;

/**
 * Every configuration setting: its name in {@code xpush.yml} and as a {@code --flag}, its environment variable
 * and its default. One table drives the file, the environment, the command line and the README.
 */
public enum Setting {
    DOMAIN("domain", "localhost", "XMPP domain served"),
    BIND("bind", "0.0.0.0", "address to listen on"),
    XMPP_PORT("xmpp-port", "5222", "XMPP port with STARTTLS (0 = any free port)"),
    XMPP_TLS_PORT("xmpp-tls-port", "5223", "XMPP port with direct TLS, XEP-0368 (0 = any free port, -1 = off)"),
    HTTP_PORT("http-port", "7070", "HTTP port for API and console (0 = any free port, -1 = off)"),
    DATA_DIR("data-dir", "./data", "data directory: H2 database, generated certificate"),
    DB_URL("db-url", null, "JDBC URL; default an H2 file in the data directory; jdbc:postgresql://… for PostgreSQL"),
    REDIS_URL("redis-url", null, "Redis URL for clustering (not available yet)"),
    TLS_REQUIRED("tls-required", "true", "clients must negotiate TLS before registering or authenticating"),
    TLS_CERT("tls-cert", null, "PEM certificate chain; default a self-signed one generated into the data directory"),
    TLS_KEY("tls-key", null, "PEM private key for tls-cert"),
    PLAIN_WITHOUT_TLS("plain-without-tls", "false", "allow plain-text passwords (SASL PLAIN, XEP-0078) without TLS"),
    REGISTRATION("registration", "open", "in-band registration (XEP-0077): open or closed"),
    REGISTRATION_PER_IP_PER_MINUTE("registration-per-ip-per-minute", "30", "accounts one IP address may register per minute"),
    MAX_STANZA_BYTES("max-stanza-bytes", "65536", "largest stanza accepted, in bytes"),
    CONNECTIONS_PER_IP_PER_SECOND("connections-per-ip-per-second", "50", "new connections one IP address may open per second"),
    AUTH_ATTEMPTS("auth-attempts", "3", "failed logins allowed on one connection before it is closed"),
    SM_RESUME_TIMEOUT("sm-resume-timeout", "300s", "how long a dropped XEP-0198 session can be resumed"),
    SM_MAX_UNACKED("sm-max-unacked", "1000", "unacknowledged stanzas kept per session for resending"),
    PING_AFTER_IDLE("ping-after-idle", "180s", "ping a client silent for this long (XEP-0199)"),
    PING_TIMEOUT("ping-timeout", "60s", "drop a pinged client silent for this long more"),
    NEGOTIATION_TIMEOUT("negotiation-timeout", "60s", "time a new connection has to authenticate"),
    API_REQUESTS_PER_SECOND("api-requests-per-second", "1000", "HTTP API requests one API key may make per second"),
    NOTIFICATION_RETENTION("notification-retention", "7d", "how long expired notifications stay queryable before they are deleted"),
    EXPIRY_SWEEP_INTERVAL("expiry-sweep-interval", "60s", "how often expired deliveries are marked and old notifications deleted");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The name in the config file and, with {@code --}, on the command line. */
    public String key() {
        return key;
    }

    /** The environment variable, e.g. {@code XPUSH_XMPP_PORT}. */
    public String environmentVariable() {
        return "XPUSH_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The default as text, or null when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The setting with this file/flag key, or null. */
    public static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) return s;
        }
        return null;
    }
}
