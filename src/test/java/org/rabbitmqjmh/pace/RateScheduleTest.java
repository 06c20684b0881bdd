package org.rabbitmqjmh.pace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateScheduleTest {

    @Test
    void dueTimesAreOneIntervalApartAndAStallDoesNotMoveThem() {
        RateSchedule s = new RateSchedule(1000, 5_000_000_000L);
        assertThat(s.next()).isEqualTo(5_000_000_000L);
        assertThat(s.next()).isEqualTo(5_001_000_000L);
        // Whatever the producer did meanwhile (a stall of any length), message 3 stays due at +2 ms: a
        // latency measured from its stamp includes the stall.
        assertThat(s.next()).isEqualTo(5_002_000_000L);
    }

    @Test
    void nacksHalveTheRateDownToOnePercentAndQuietRaisesItByATenthUpToTheTarget() {
        RateSchedule s = new RateSchedule(1000, 0);
        s.slowDown();
        assertThat(s.rate()).isEqualTo(500);
        for (int i = 0; i < 20; i++) {
            s.slowDown();
        }
        assertThat(s.rate()).isEqualTo(10);
        s.speedUp();
        assertThat(s.rate()).isEqualTo(110);
        for (int i = 0; i < 20; i++) {
            s.speedUp();
        }
        assertThat(s.rate()).isEqualTo(1000);
        long a = s.next();
        s.slowDown();
        long b = s.next();
        long c = s.next();
        assertThat(b - a).isEqualTo(1_000_000L); // the interval already scheduled stands
        assertThat(c - b).isEqualTo(2_000_000L); // the next ones follow the halved rate
    }
}
