package org.xpush.server.notification;

import java.util.Locale;

/** Delivery priority; devices may show high-priority notifications more prominently. */
public enum Priority {
    HIGH, NORMAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "high" or "normal"; throws IllegalArgumentException otherwise. */
    public static Priority parse(String s) {
        return switch (s) {
            case "high" -> HIGH;
            case "normal" -> NORMAL;
            default -> throw new IllegalArgumentException("priority must be high or normal");
        };
    }
}
