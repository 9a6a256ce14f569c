package org.xpush.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A notification as the device received it: immutable and safe to share between threads.
 *
 * <p>The fields are those of the notification IQ (README "The notification IQ"): androidpn's {@code id},
 * {@code apiKey}, {@code title}, {@code message} and {@code uri}, and xpush's extras {@code sent},
 * {@code priority}, {@code ttl}, {@code collapseKey} and the {@code data} map. What the server did not send is
 * {@code null} (an empty map for {@link #data()}); the server sends an absent title, message or uri as empty text,
 * which is also {@code null} here.
 */
public final class Notification {

    /** How urgent the sender said the notification is. */
    public enum Priority {
        /** The default. */
        NORMAL,
        /** Sent with {@code "priority": "high"}: an app may show it at once, with sound. */
        HIGH;

        /** The wire form, {@code high} or {@code normal}; anything else (or nothing) is {@link #NORMAL}. */
        static Priority parse(String wire) {
            return wire != null && wire.trim().toLowerCase(Locale.ROOT).equals("high") ? HIGH : NORMAL;
        }
    }

    private final String id;
    private final String apiKey;
    private final String title;
    private final String message;
    private final String uri;
    private final Map<String, String> data;
    private final Priority priority;
    private final Instant sent;
    private final Duration ttl;
    private final String collapseKey;

    private Notification(Builder b) {
        this.id = b.id;
        this.apiKey = b.apiKey;
        this.title = emptyToNull(b.title);
        this.message = emptyToNull(b.message);
        this.uri = emptyToNull(b.uri);
        this.data = Collections.unmodifiableMap(new LinkedHashMap<>(b.data));
        this.priority = b.priority;
        this.sent = b.sent;
        this.ttl = b.ttl;
        this.collapseKey = emptyToNull(b.collapseKey);
    }

    /** A builder, for tests and for apps that build notifications themselves (e.g. from a local store). */
    public static Builder builder() {
        return new Builder();
    }

    /** The notification's id, unique per server: the same notification delivered twice has the same id. */
    public String id() {
        return id;
    }

    /** The public id of the API key that sent it (never the key itself), or {@code null}. */
    public String apiKey() {
        return apiKey;
    }

    /** The title, or {@code null}. */
    public String title() {
        return title;
    }

    /** The text, or {@code null}. */
    public String message() {
        return message;
    }

    /** Where the app fetches the real data, or {@code null}. */
    public String uri() {
        return uri;
    }

    /** The sender's key/value data, in the order received; unmodifiable, empty when none. */
    public Map<String, String> data() {
        return data;
    }

    /** The priority; {@link Priority#NORMAL} when the server did not say. */
    public Priority priority() {
        return priority;
    }

    /** When the server accepted the notification, or {@code null} (an androidpn server does not say). */
    public Instant sent() {
        return sent;
    }

    /** How long the server keeps trying to deliver it, or {@code null} when not said. */
    public Duration ttl() {
        return ttl;
    }

    /** The sender's collapse key (a newer notification with the same key replaces an undelivered one), or {@code null}. */
    public String collapseKey() {
        return collapseKey;
    }

    /** A builder holding this notification's fields, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder().id(id).apiKey(apiKey).title(title).message(message).uri(uri).priority(priority)
                .sent(sent).ttl(ttl).collapseKey(collapseKey);
        b.data.putAll(data);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Notification)) return false;
        Notification n = (Notification) o;
        return Objects.equals(id, n.id) && Objects.equals(apiKey, n.apiKey) && Objects.equals(title, n.title)
                && Objects.equals(message, n.message) && Objects.equals(uri, n.uri) && data.equals(n.data)
                && priority == n.priority && Objects.equals(sent, n.sent) && Objects.equals(ttl, n.ttl)
                && Objects.equals(collapseKey, n.collapseKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, apiKey, title, message, uri, data, priority, sent, ttl, collapseKey);
    }

    /** The id, priority and send time only: the contents are the users' data and stay out of logs. */
    @Override
    public String toString() {
        return "Notification{id=" + id + ", priority=" + priority + ", sent=" + sent + "}";
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Builds a {@link Notification}; every field is optional. Not thread-safe. */
    public static final class Builder {
        private String id;
        private String apiKey;
        private String title;
        private String message;
        private String uri;
        private final Map<String, String> data = new LinkedHashMap<>();
        private Priority priority = Priority.NORMAL;
        private Instant sent;
        private Duration ttl;
        private String collapseKey;

        private Builder() {}

        /** Sets the notification's id; returns this builder. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** Sets the public id of the sender's API key; returns this builder. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Sets the title (empty means none); returns this builder. */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** Sets the text (empty means none); returns this builder. */
        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /** Sets the uri (empty means none); returns this builder. */
        public Builder uri(String uri) {
            this.uri = uri;
            return this;
        }

        /** Adds one data entry (a later one with the same key replaces it); returns this builder. */
        public Builder data(String key, String value) {
            data.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets the priority ({@code null} means normal); returns this builder. */
        public Builder priority(Priority priority) {
            this.priority = priority == null ? Priority.NORMAL : priority;
            return this;
        }

        /** Sets when the server accepted the notification; returns this builder. */
        public Builder sent(Instant sent) {
            this.sent = sent;
            return this;
        }

        /** Sets how long the server keeps trying to deliver it; returns this builder. */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /** Sets the collapse key (empty means none); returns this builder. */
        public Builder collapseKey(String collapseKey) {
            this.collapseKey = collapseKey;
            return this;
        }

        /** A new immutable notification with the fields set so far. */
        public Notification build() {
            return new Notification(this);
        }
    }
}
