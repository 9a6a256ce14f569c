package org.xpush.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DisplayTest {

    @Test
    void durationsAreShortAndKeepTwoUnits() {
        assertThat(Display.duration(Duration.ofSeconds(12))).isEqualTo("12 s");
        assertThat(Display.duration(Duration.ofSeconds(250))).isEqualTo("4 min 10 s");
        assertThat(Display.duration(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
        assertThat(Display.duration(Duration.ofHours(76))).isEqualTo("3 d 4 h");
        assertThat(Display.duration(Duration.ofSeconds(-5))).isEqualTo("0 s");
    }

    @Test
    void timesAreUtcAndNullIsADash() {
        assertThat(Display.time(Instant.parse("2026-11-24T15:03:12.5Z"))).isEqualTo("2026-11-24 15:03:12 UTC");
        assertThat(Display.time(null)).isEqualTo("–");
        assertThat(Display.iso(null)).isEmpty();
    }

    @Test
    void sizesUseBinaryUnits() {
        assertThat(Display.bytes(512)).isEqualTo("512 B");
        assertThat(Display.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Display.bytes(300L << 20)).isEqualTo("300 MiB");
    }

    @Test
    void pathSegmentsAreEncodedWholly() {
        assertThat(Display.path("a b?c#d%e/f")).isEqualTo("a%20b%3Fc%23d%25e%2Ff");
    }

    @Test
    void typedUserNamesAreMadeSafeForLogs() {
        assertThat(LoginPage.printable("admin\nforged line")).isEqualTo("admin?forged line");
        assertThat(LoginPage.printable("x".repeat(100))).hasSize(65).endsWith("…");
    }
}
