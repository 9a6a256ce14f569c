package org.xpush.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOnMilliseconds() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) nanos[i] = (100 - i) * 1_000_000L; // 100 ms … 1 ms, unsorted
        Percentiles p = Percentiles.ofNanos(nanos);
        assertThat(p.count()).isEqualTo(100);
        assertThat(p.p50()).isEqualTo(50.0);
        assertThat(p.p90()).isEqualTo(90.0);
        assertThat(p.p99()).isEqualTo(99.0);
        assertThat(p.max()).isEqualTo(100.0);
        assertThat(p.mean()).isEqualTo(50.5);
    }

    @Test
    void oneSampleIsEveryPercentile() {
        Percentiles p = Percentiles.ofNanos(new long[] {1_234_567});
        assertThat(p.p50()).isEqualTo(1.235);
        assertThat(p.p99()).isEqualTo(1.235);
    }

    @Test
    void noSamplesGiveZeros() {
        assertThat(Percentiles.ofNanos(new long[0])).isEqualTo(new Percentiles(0, 0, 0, 0, 0, 0));
    }
}
