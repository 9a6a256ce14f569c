package org.xpush.server.notification;

import java.time.Instant;
import java.util.Map;

/**
 * An accepted, stored notification.
 *
 * @param seq         position in the global order (per-device delivery order, fan-out cursors)
 * @param id          public identifier, also the id of the notification IQ
 * @param target      who it is for
 * @param title       title or null
 * @param message     text or null
 * @param uri         uri or null
 * @param data        key/value map (unmodifiable)
 * @param priority    priority
 * @param collapseKey collapse key or null
 * @param ttlSeconds  TTL as requested
 * @param created     when it was accepted
 * @param expires     after this instant it is no longer delivered
 * @param apiKeyId    the API key that sent it, or null (console, CLI)
 * @param targeted    devices it was addressed to when accepted
 */
public record Notification(
        long seq, String id, Target target, String title, String message, String uri, Map<String, String> data,
        Priority priority, String collapseKey, long ttlSeconds, Instant created, Instant expires, String apiKeyId,
        int targeted) {

    public Notification {
        data = Map.copyOf(data);
    }

    /** Whether it may no longer be delivered at {@code now} (from the expiry instant on, as the store counts it). */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expires);
    }
}
