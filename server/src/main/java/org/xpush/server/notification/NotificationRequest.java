package org.xpush.server.notification;

import java.time.Duration;
import java.util.Map;

/**
 * A notification to accept, as an app server or operator sends it (already validated by
 * {@link NotificationRequest#validate}).
 *
 * @param target      who it is for
 * @param title       title (may be null when message is set)
 * @param message     text (may be null when title is set)
 * @param uri         where the app should fetch the real data, or null
 * @param data        small key/value map for the app (unmodifiable, may be empty)
 * @param ttl         how long it may wait for offline devices; zero = only devices online now
 * @param priority    high or normal
 * @param collapseKey a newer notification with the same key replaces an older one not yet delivered; or null
 */
public record NotificationRequest(
        Target target, String title, String message, String uri, Map<String, String> data, Duration ttl,
        Priority priority, String collapseKey) {

    /** Default and maximum TTL: 28 days. */
    public static final Duration MAX_TTL = Duration.ofDays(28);
    public static final int MAX_TITLE = 1024;
    public static final int MAX_MESSAGE = 4096;
    public static final int MAX_URI = 2048;
    public static final int MAX_DATA_ENTRIES = 64;
    public static final int MAX_DATA_JSON = 8192;

    public NotificationRequest {
        data = data == null ? Map.of() : Map.copyOf(data);
        if (ttl == null) ttl = MAX_TTL;
        if (priority == null) priority = Priority.NORMAL;
    }
}
