package org.xpush.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    private final ReconnectPolicy policy = ReconnectPolicy.builder()
            .initialDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofMinutes(5)).build();

    @Test
    void boundDoublesPerAttemptUpToTheMaximum() {
        assertThat(policy.maxDelayMillis(0)).isEqualTo(1_000);
        assertThat(policy.maxDelayMillis(1)).isEqualTo(2_000);
        assertThat(policy.maxDelayMillis(2)).isEqualTo(4_000);
        assertThat(policy.maxDelayMillis(8)).isEqualTo(256_000);
        assertThat(policy.maxDelayMillis(9)).isEqualTo(300_000);
        assertThat(policy.maxDelayMillis(40)).isEqualTo(300_000);
        assertThat(policy.maxDelayMillis(Integer.MAX_VALUE)).isEqualTo(300_000);
    }

    @Test
    void hugeDelaysDoNotOverflow() {
        ReconnectPolicy big = ReconnectPolicy.builder()
                .initialDelay(Duration.ofDays(365 * 100)).maxDelay(Duration.ofDays(365 * 1000)).build();
        for (int attempt = 0; attempt < 100; attempt++) {
            assertThat(big.maxDelayMillis(attempt)).isPositive().isLessThanOrEqualTo(Duration.ofDays(365 * 1000).toMillis());
        }
    }

    @Test
    void delayIsDrawnFromZeroToTheBound() {
        Random random = new Random(42);
        for (int attempt = 0; attempt < 12; attempt++) {
            long bound = policy.maxDelayMillis(attempt);
            long min = Long.MAX_VALUE;
            long max = 0;
            double sum = 0;
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                long d = policy.delayMillis(attempt, random);
                assertThat(d).isBetween(0L, bound);
                min = Math.min(min, d);
                max = Math.max(max, d);
                sum += d;
            }
            // full jitter: uniform over [0, bound], so the draws reach both ends and average about bound / 2
            assertThat(min).isLessThan(bound / 50 + 1);
            assertThat(max).isGreaterThan(bound - bound / 50 - 1);
            assertThat(sum / n).isBetween(bound * 0.45, bound * 0.55);
        }
    }

    @Test
    void extremesOfTheRandomSourceStayInBounds() {
        Random zero = new Random() {
            @Override
            public double nextDouble() {
                return 0.0;
            }
        };
        Random almostOne = new Random() {
            @Override
            public double nextDouble() {
                return Math.nextDown(1.0);
            }
        };
        assertThat(policy.delayMillis(3, zero)).isZero();
        assertThat(policy.delayMillis(3, almostOne)).isEqualTo(8_000);
    }

    @Test
    void defaultsAreOneSecondToFiveMinutesResetAfterAMinute() {
        ReconnectPolicy d = ReconnectPolicy.defaults();
        assertThat(d.initialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.maxDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.resetAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> ReconnectPolicy.builder().initialDelay(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReconnectPolicy.builder().initialDelay(Duration.ofMinutes(10)).maxDelay(Duration.ofMinutes(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> ReconnectPolicy.builder().resetAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.maxDelayMillis(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
