package org.rabbitmqjmh.engine.consume;

import static org.assertj.core.api.Assertions.assertThat;

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
}
