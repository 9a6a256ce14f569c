package org.xpush.server.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes times, durations and sizes: short, unambiguous, UTC. Called from templates. */
public final class Display {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Display() {}

    /** {@code 2026-11-24 15:03:12 UTC}, or a dash for null. */
    public static String time(Instant at) {
        return at == null ? "–" : TIME.format(at);
    }

    /** ISO-8601 for {@code <time datetime>}, or empty for null. */
    public static String iso(Instant at) {
        return at == null ? "" : DateTimeFormatter.ISO_INSTANT.format(at);
    }

    /** {@code 3 d 4 h}, {@code 2 h 5 min}, {@code 4 min 10 s}, {@code 12 s}. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 86_400) return s / 86_400 + " d " + (s % 86_400) / 3600 + " h";
        if (s >= 3600) return s / 3600 + " h " + (s % 3600) / 60 + " min";
        if (s >= 60) return s / 60 + " min " + s % 60 + " s";
        return s + " s";
    }

    /** How long before {@code now}: {@code 12 s ago}. */
    public static String ago(Instant at, Instant now) {
        return at == null ? "–" : duration(Duration.between(at, now)) + " ago";
    }

    /** A value as one URL path segment (percent-encoded, so that {@code ? # %} in a user name stay its own). */
    public static String path(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code 512 KiB}, {@code 1.5 GiB}. */
    public static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return (v >= 100 ? String.format("%.0f", v) : String.format("%.1f", v)) + " " + units[u];
    }
}
