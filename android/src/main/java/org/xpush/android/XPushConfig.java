package org.xpush.android;

import android.content.SharedPreferences;
import java.time.Duration;
import java.util.Objects;
import org.xpush.client.TlsPolicy;

/**
 * Where and how the push service connects: host, port, XMPP domain, which server certificate to trust, and the
 * keep-alive interval. {@link XPush#start} keeps it in the app's preferences, so that the service can start again
 * by itself (after the system killed it, after a reboot, after an app update). Immutable.
 *
 * <pre>{@code
 * XPushConfig config = XPushConfig.builder("push.example.com")
 *         .pinnedCertificate("AB:CD:…")   // the fingerprint the server logs at its first start
 *         .build();
 * }</pre>
 */
public final class XPushConfig {

    /**
     * The default keep-alive: after this long without traffic the client pings the server. Mobile carriers' NATs
     * drop idle TCP mappings after a few minutes (often 5, some less); 4 minutes keeps the mapping with one small
     * exchange per interval. Shorter costs battery (each ping wakes the radio), longer risks silent drops that are
     * noticed only at the next ping.
     */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMinutes(4);

    /** The shortest keep-alive accepted. */
    public static final Duration MIN_KEEP_ALIVE = Duration.ofSeconds(10);

    private final String host;
    private final int port;
    private final String domain;
    private final String pin;
    private final boolean insecure;
    private final Duration keepAlive;
    private final int smallIcon;

    private XPushConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.domain = b.domain == null ? b.host : b.domain;
        this.pin = b.pin;
        this.insecure = b.insecure;
        this.keepAlive = b.keepAlive;
        this.smallIcon = b.smallIcon;
    }

    /**
     * A builder for a server at {@code host}, port 5222, whose XMPP domain is the host name.
     *
     * @param host the server's host name or address
     * @return the builder
     */
    public static Builder builder(String host) {
        return new Builder(host);
    }

    /** The server's host name or address. */
    public String host() {
        return host;
    }

    /** The server's XMPP port (STARTTLS). */
    public int port() {
        return port;
    }

    /** The server's XMPP domain. */
    public String domain() {
        return domain;
    }

    /** The pinned SHA-256 fingerprint of the server certificate, or {@code null} to trust the system's CAs. */
    public String pinnedCertificate() {
        return pin;
    }

    /** Whether any certificate is trusted (development only). */
    public boolean isInsecure() {
        return insecure;
    }

    /** How long the connection may stay silent before a keep-alive ping; zero for none. */
    public Duration keepAlive() {
        return keepAlive;
    }

    /** The small icon of the notifications (a drawable resource id), or 0 for the app's icon. */
    public int smallIcon() {
        return smallIcon;
    }

    /** Which server certificates the client trusts. */
    TlsPolicy tlsPolicy() {
        if (insecure) return TlsPolicy.trustAnythingInsecure();
        return pin == null ? TlsPolicy.systemTrust() : TlsPolicy.pinnedCertificate(pin);
    }

    // ---- persistence ----------------------------------------------------------------------------------------------

    private static final String HOST = "config.host";
    private static final String PORT = "config.port";
    private static final String DOMAIN = "config.domain";
    private static final String PIN = "config.pin";
    private static final String INSECURE = "config.insecure";
    private static final String KEEP_ALIVE = "config.keep-alive-seconds";
    private static final String SMALL_ICON = "config.small-icon";

    void writeTo(SharedPreferences.Editor editor) {
        editor.putString(HOST, host).putInt(PORT, port).putString(DOMAIN, domain).putString(PIN, pin)
                .putBoolean(INSECURE, insecure).putLong(KEEP_ALIVE, keepAlive.getSeconds())
                .putInt(SMALL_ICON, smallIcon);
    }

    /** The stored configuration, or {@code null} when none (or a damaged one) is stored. */
    static XPushConfig readFrom(SharedPreferences preferences) {
        String host = preferences.getString(HOST, null);
        if (host == null) return null;
        try {
            Builder b = builder(host)
                    .port(preferences.getInt(PORT, 5222))
                    .domain(preferences.getString(DOMAIN, host))
                    .keepAlive(Duration.ofSeconds(preferences.getLong(KEEP_ALIVE, DEFAULT_KEEP_ALIVE.getSeconds())))
                    .smallIcon(preferences.getInt(SMALL_ICON, 0));
            String pin = preferences.getString(PIN, null);
            if (pin != null) b.pinnedCertificate(pin);
            if (preferences.getBoolean(INSECURE, false)) b.trustAnythingInsecure();
            return b.build();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof XPushConfig)) return false;
        XPushConfig c = (XPushConfig) o;
        return host.equals(c.host) && port == c.port && domain.equals(c.domain) && Objects.equals(pin, c.pin)
                && insecure == c.insecure && keepAlive.equals(c.keepAlive) && smallIcon == c.smallIcon;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, domain, pin, insecure, keepAlive, smallIcon);
    }

    @Override
    public String toString() {
        return "XPushConfig{" + host + ":" + port + ", domain=" + domain + ", tls="
                + (insecure ? "INSECURE" : pin == null ? "system CAs" : "pinned") + ", keepAlive=" + keepAlive + "}";
    }

    /** Builds an {@link XPushConfig}. Not thread-safe. */
    public static final class Builder {
        private final String host;
        private int port = 5222;
        private String domain;
        private String pin;
        private boolean insecure;
        private Duration keepAlive = DEFAULT_KEEP_ALIVE;
        private int smallIcon;

        private Builder(String host) {
            if (Objects.requireNonNull(host, "host").trim().isEmpty()) throw new IllegalArgumentException("empty host");
            this.host = host.trim();
        }

        /** Sets the XMPP port (default 5222); returns this builder. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
            this.port = port;
            return this;
        }

        /** Sets the XMPP domain (default: the host), the server's {@code domain} setting; returns this builder. */
        public Builder domain(String domain) {
            if (Objects.requireNonNull(domain, "domain").trim().isEmpty()) throw new IllegalArgumentException("empty domain");
            this.domain = domain.trim();
            return this;
        }

        /**
         * Trusts exactly the server certificate with this SHA-256 fingerprint (64 hex digits, colons allowed), e.g.
         * the self-signed one the server generates and logs at its first start; returns this builder.
         *
         * @throws IllegalArgumentException if it is not a SHA-256 fingerprint
         */
        public Builder pinnedCertificate(String sha256Fingerprint) {
            TlsPolicy.pinnedCertificate(sha256Fingerprint); // validates
            this.pin = sha256Fingerprint;
            this.insecure = false;
            return this;
        }

        /** Trusts any certificate: <b>for a development server only</b>; returns this builder. */
        public Builder trustAnythingInsecure() {
            this.insecure = true;
            this.pin = null;
            return this;
        }

        /**
         * Sets how long the connection may stay silent before the client pings the server (default
         * {@link #DEFAULT_KEEP_ALIVE}, at least {@link #MIN_KEEP_ALIVE}; zero turns pings off); returns this builder.
         */
        public Builder keepAlive(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (!interval.isZero() && interval.compareTo(MIN_KEEP_ALIVE) < 0) {
                throw new IllegalArgumentException("keepAlive must be zero or at least " + MIN_KEEP_ALIVE + ", not " + interval);
            }
            this.keepAlive = interval;
            return this;
        }

        /** Sets the notifications' small icon (a drawable resource id; default the app's icon); returns this builder. */
        public Builder smallIcon(int drawableResource) {
            this.smallIcon = drawableResource;
            return this;
        }

        /** The configuration. */
        public XPushConfig build() {
            return new XPushConfig(this);
        }
    }
}
