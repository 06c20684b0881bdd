package org.rabbitmqjmh.engine.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The check's logic alone: sequences in, counters out. */
class SequenceCheckTest {

    private static final long P1 = SequenceCheck.firstId(1);

    @Test
    void inOrderFromEachPublisherIsClean() {
        SequenceCheck c = new SequenceCheck();
        for (long s = 0; s < 100; s++) {
            c.saw(s);
            c.saw(P1 + s);
        }
        assertThat(c.missing()).isZero();
        assertThat(c.duplicates()).isZero();
        assertThat(c.outOfOrder()).isZero();
    }

    @Test
    void aSkippedRangeIsMissingUntilItComesOutOfOrder() {
        SequenceCheck c = new SequenceCheck();
        for (long s : new long[] {0, 1, 5, 6}) {
            c.saw(P1 + s);
        }
        assertThat(c.missing()).isEqualTo(3);
        assertThat(c.describeMissing(5)).isEqualTo("publisher 1: 2–4");

        c.saw(P1 + 3);
        assertThat(c.missing()).isEqualTo(2);
        assertThat(c.describeMissing(5)).isEqualTo("publisher 1: 2, 4");
        assertThat(c.outOfOrder()).isEqualTo(1);

        c.saw(P1 + 2);
        c.saw(P1 + 4);
        assertThat(c.missing()).isZero();
        assertThat(c.outOfOrder()).isEqualTo(3);
        assertThat(c.duplicates()).isZero();
    }

    @Test
    void aSequenceSeenTwiceIsADuplicateNotAGap() {
        SequenceCheck c = new SequenceCheck();
        c.saw(0);
        c.saw(1);
        c.saw(1);
        c.saw(0);
        assertThat(c.duplicates()).isEqualTo(2);
        assertThat(c.missing()).isZero();
        assertThat(c.outOfOrder()).isZero();
    }

    @Test
    void aRepeatFlaggedRedeliveredIsNotADuplicate() {
        SequenceCheck c = new SequenceCheck();
        c.saw(0, false);
        c.saw(1, false);
        c.saw(0, true);
        assertThat(c.redelivered()).isEqualTo(1);
        assertThat(c.duplicates()).isZero();
        assertThat(c.missing()).isZero();
    }

    @Test
    void aRequeuedMessageComingBackLateFillsItsGap() {
        SequenceCheck c = new SequenceCheck();
        c.saw(0, false);
        c.saw(2, false);
        c.saw(1, true);
        assertThat(c.missing()).isZero();
        assertThat(c.outOfOrder()).isEqualTo(1);
        c.requireNoGap();
    }

    @Test
    void anOpenGapIsOneLineNamingPublisherAndIds() throws Exception {
        SequenceCheck c = new SequenceCheck();
        c.saw(P1);
        c.saw(P1 + 3);
        assertThat(c.gapAfter(() -> true, Duration.ofMillis(100)))
                .isEqualTo("order: 2 messages skipped in their publisher's sequence never reached the consumer "
                        + "(publisher 1: 1–2)");
        assertThatThrownBy(c::requireNoGap).hasMessageContaining("publisher 1: 1–2");
    }
}
