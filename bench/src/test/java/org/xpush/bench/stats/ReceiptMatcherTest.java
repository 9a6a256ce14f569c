package org.xpush.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiptMatcherTest {

    private final ReceiptMatcher matcher = new ReceiptMatcher();

    @Test
    void aReceiptPairsWithItsRequestWhicheverArrivesFirst() {
        ReceiptMatcher.Tally t = matcher.phase();
        matcher.received("early", 1_500);           // read by the device before the POST's answer came back
        matcher.accepted(t, List.of("early", "late"), 1_000);
        matcher.received("late", 4_000);

        assertThat(matcher.accepted(t)).isEqualTo(2);
        assertThat(matcher.received(t)).isEqualTo(2);
        assertThat(matcher.duplicates()).isZero();
        assertThat(matcher.latency(t)).containsExactlyInAnyOrder(500L, 3_000L);
    }

    @Test
    void eachPhaseCountsOnlyWhatItSentAndWhatNeverArrivedIsLost() {
        ReceiptMatcher.Tally warm = matcher.phase();
        matcher.accepted(warm, List.of("w1", "w2"), 0);
        ReceiptMatcher.Tally measured = matcher.phase();
        matcher.accepted(measured, List.of("m1", "m2"), 100);
        matcher.received("w2", 50);                  // a warm-up straggler arriving during the measured phase
        matcher.received("m1", 130);

        assertThat(matcher.received(warm)).isEqualTo(1);
        assertThat(matcher.latency(warm)).containsExactly(50L);
        assertThat(matcher.accepted(measured) - matcher.received(measured)).as("lost").isEqualTo(1);
        assertThat(matcher.latency(measured)).containsExactly(30L);
    }

    @Test
    void aSecondReceiptOfTheSameNotificationIsADuplicateAndNotASample() {
        ReceiptMatcher.Tally t = matcher.phase();
        matcher.accepted(t, List.of("a"), 0);
        matcher.received("a", 10);
        matcher.received("a", 20);
        matcher.received("a", 30);

        assertThat(matcher.duplicates()).isEqualTo(2);
        assertThat(matcher.received(t)).isEqualTo(1);
        assertThat(matcher.latency(t)).containsExactly(10L);
    }

    @Test
    void theIdHashSpreadsSimilarIds() {
        assertThat(ReceiptMatcher.hash64("AAAAAAAAAAAAAAAA")).isNotEqualTo(ReceiptMatcher.hash64("AAAAAAAAAAAAAAAB"));
        assertThat(ReceiptMatcher.hash64("ab")).isNotEqualTo(ReceiptMatcher.hash64("ba"));
    }
}
