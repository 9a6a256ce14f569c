package org.xpush.server.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.xpush.xmpp.Jid;

/**
 * Loads {@link ServerConfig}: defaults &lt; config file &lt; environment ({@code XPUSH_…}) &lt; command-line flags
 * (DESIGN §3.1). Each value is validated once, with a message naming the setting, its source and what is allowed.
 */
public final class ConfigLoader {

    private final Map<Setting, String> values = new EnumMap<>(Setting.class);
    private final Map<Setting, String> sources = new EnumMap<>(Setting.class);

    public ConfigLoader() {
        for (Setting s : Setting.values()) {
            if (s.defaultValue() != null) put(s, s.defaultValue(), "default");
        }
    }

    /** Reads a flat YAML file whose keys are the setting names ({@code xmpp-port: 5222}); unknown keys are errors. */
    public ConfigLoader file(Path file) {
        Map<?, ?> map;
        try {
            map = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Map.class);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        if (map == null) return this;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Setting s = Setting.byKey(key);
            if (s == null) throw new ConfigException("unknown setting '" + key + "' in " + file + "; see README, Configuration");
            if (e.getValue() instanceof Map || e.getValue() instanceof Iterable) {
                throw new ConfigException("setting '" + key + "' in " + file + " must be a single value");
            }
            put(s, e.getValue() == null ? null : String.valueOf(e.getValue()), "file " + file);
        }
        return this;
    }

    /** Reads the default file {@code xpush.yml} in the working directory when it exists. */
    public ConfigLoader defaultFileIfPresent() {
        Path p = Path.of("xpush.yml");
        return Files.isRegularFile(p) ? file(p) : this;
    }

    /** Takes every {@code XPUSH_…} variable that names a setting. */
    public ConfigLoader environment(Map<String, String> env) {
        for (Setting s : Setting.values()) {
            String v = env.get(s.environmentVariable());
            if (v != null) put(s, v, "environment " + s.environmentVariable());
        }
        return this;
    }

    /** Takes command-line flags, keyed by setting name without the dashes. */
    public ConfigLoader flags(Map<String, String> flags) {
        for (Map.Entry<String, String> e : flags.entrySet()) {
            Setting s = Setting.byKey(e.getKey());
            if (s == null) throw new ConfigException("unknown flag --" + e.getKey());
            put(s, e.getValue(), "flag --" + e.getKey());
        }
        return this;
    }

    /** Overrides one setting (tests). */
    public ConfigLoader set(Setting setting, String value) {
        put(setting, value, "override");
        return this;
    }

    private void put(Setting s, String value, String source) {
        if (value == null || value.isBlank()) {
            values.remove(s);
        } else {
            values.put(s, value.trim());
        }
        sources.put(s, source);
    }

    /** Validates everything and builds the typed configuration. */
    public ServerConfig load() {
        String domain = string(Setting.DOMAIN);
        try {
            Jid jid = new Jid(null, domain, null);
            domain = jid.domain();
        } catch (IllegalArgumentException e) {
            throw invalid(Setting.DOMAIN, "a DNS domain name such as example.com");
        }
        if (domain.contains("/") || domain.contains(" ")) throw invalid(Setting.DOMAIN, "a DNS domain name such as example.com");
        String redis = optional(Setting.REDIS_URL);
        if (redis != null) {
            throw new ConfigException("setting redis-url (from " + sources.get(Setting.REDIS_URL)
                    + "): clustering is not available in this version; remove the setting to run a single node");
        }
        Path cert = path(Setting.TLS_CERT);
        Path key = path(Setting.TLS_KEY);
        if ((cert == null) != (key == null)) {
            throw new ConfigException("settings tls-cert and tls-key must be given together (or neither, for a generated certificate)");
        }
        for (Setting s : new Setting[] {Setting.TLS_CERT, Setting.TLS_KEY}) {
            Path p = path(s);
            if (p != null && !Files.isReadable(p)) throw invalid(s, "a readable PEM file; " + p + " cannot be read");
        }
        return new ServerConfig(
                domain,
                string(Setting.BIND),
                port(Setting.XMPP_PORT, false),
                port(Setting.XMPP_TLS_PORT, true),
                port(Setting.HTTP_PORT, true),
                Path.of(string(Setting.DATA_DIR)),
                optional(Setting.DB_URL),
                null,
                new ServerConfig.Tls(bool(Setting.TLS_REQUIRED), cert, key, bool(Setting.PLAIN_WITHOUT_TLS)),
                new ServerConfig.Registration(registrationOpen(), positive(Setting.REGISTRATION_PER_IP_PER_MINUTE)),
                new ServerConfig.Limits(
                        atLeast(Setting.MAX_STANZA_BYTES, 1024),
                        positive(Setting.CONNECTIONS_PER_IP_PER_SECOND),
                        positive(Setting.AUTH_ATTEMPTS),
                        positive(Setting.API_REQUESTS_PER_SECOND)),
                new ServerConfig.StreamManagement(duration(Setting.SM_RESUME_TIMEOUT), positive(Setting.SM_MAX_UNACKED)),
                new ServerConfig.KeepAlive(
                        duration(Setting.PING_AFTER_IDLE),
                        duration(Setting.PING_TIMEOUT),
                        duration(Setting.NEGOTIATION_TIMEOUT)),
                new ServerConfig.Notifications(duration(Setting.NOTIFICATION_RETENTION), duration(Setting.EXPIRY_SWEEP_INTERVAL)));
    }

    private ConfigException invalid(Setting s, String allowed) {
        return new ConfigException("setting " + s.key() + " = '" + values.get(s) + "' (from " + sources.get(s)
                + ") is not valid: expected " + allowed);
    }

    private String string(Setting s) {
        String v = values.get(s);
        if (v == null) throw new ConfigException("setting " + s.key() + " must not be empty");
        return v;
    }

    private String optional(Setting s) {
        return values.get(s);
    }

    private Path path(Setting s) {
        String v = values.get(s);
        return v == null ? null : Path.of(v);
    }

    private boolean bool(Setting s) {
        return switch (string(s).toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw invalid(s, "true or false");
        };
    }

    private boolean registrationOpen() {
        return switch (string(Setting.REGISTRATION).toLowerCase(Locale.ROOT)) {
            case "open" -> true;
            case "closed" -> false;
            default -> throw invalid(Setting.REGISTRATION, "open or closed");
        };
    }

    private int integer(Setting s) {
        try {
            return Integer.parseInt(string(s));
        } catch (NumberFormatException e) {
            throw invalid(s, "a whole number");
        }
    }

    private int port(Setting s, boolean mayBeOff) {
        int p = integer(s);
        if (p < (mayBeOff ? -1 : 0) || p > 65535) {
            throw invalid(s, mayBeOff ? "a port 0-65535, or -1 for off" : "a port 0-65535");
        }
        return p;
    }

    private int positive(Setting s) {
        int v = integer(s);
        if (v < 1) throw invalid(s, "a number of 1 or more");
        return v;
    }

    private int atLeast(Setting s, int min) {
        int v = integer(s);
        if (v < min) throw invalid(s, "a number of " + min + " or more");
        return v;
    }

    /** Durations: a number of seconds, or a number with unit ms, s, m, h or d ({@code 90s}, {@code 5m}, {@code 7d}). */
    private Duration duration(Setting s) {
        String v = string(s).toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (v.endsWith("ms")) d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            else if (v.endsWith("s")) d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            else if (v.endsWith("m")) d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            else if (v.endsWith("h")) d = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            else if (v.endsWith("d")) d = Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
            else d = Duration.ofSeconds(Long.parseLong(v));
            if (d.isNegative() || d.isZero()) throw invalid(s, "a positive duration such as 30s, 5m or 500ms");
            return d;
        } catch (NumberFormatException e) {
            throw invalid(s, "a duration such as 30s, 5m, 7d or 500ms");
        }
    }
}
