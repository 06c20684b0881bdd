package org.rabbitmqjmh.perftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RoundRatiosTest {

    @Test
    void ratiosAreOursOverPerfTestRoundByRound() {
        double[] perfTest = {100, 200, 100, 100};
        double[] ours = {110, 180, 120, 100};

        RoundRatios r = RoundRatios.of(perfTest, ours);

        assertThat(r.ratios()).containsExactly(1.1, 0.9, 1.2, 1.0);
        assertThat(r.perfTestMedian()).isEqualTo(100.0);
        assertThat(r.oursMedian()).isEqualTo(115.0);
        assertThat(r.ratioOfMedians()).isEqualTo(1.15);
        assertThat(r.medianRatio()).isCloseTo(1.05, within(1e-12));
        assertThat(r.minRatio()).isEqualTo(0.9);
    }

    @Test
    void theIntervalIsOfTheRatioOfMeansWithRoundsPairedAndRepeatsWithItsSeed() {
        double[] perfTest = {100, 200, 100, 100, 150, 120};
        double[] ours = {110, 180, 120, 100, 160, 150};

        RoundRatios r = RoundRatios.of(perfTest, ours);

        assertThat(r.ratioOfMeans()).isCloseTo(820.0 / 770, within(1e-12));
        assertThat(r.interval().known()).isTrue();
        assertThat(r.interval().low()).isLessThan(r.ratioOfMeans());
        assertThat(r.interval().high()).isGreaterThan(r.ratioOfMeans());
        assertThat(RoundRatios.of(perfTest, ours).interval()).isEqualTo(r.interval());
    }

    @Test
    void roundsThatAgreeGiveAnIntervalOfNoWidthAndOneRoundNone() {
        RoundRatios same = RoundRatios.of(new double[] {100, 200, 50}, new double[] {120, 240, 60});
        assertThat(same.interval().low()).isCloseTo(1.2, within(1e-9));
        assertThat(same.interval().high()).isCloseTo(1.2, within(1e-9));
        assertThat(RoundRatios.of(new double[] {100}, new double[] {120})
                        .interval()
                        .known())
                .isFalse();
    }

    @Test
    void aRoundMissingOnOneSideIsLeftOutOfTheRatios() {
        RoundRatios r = RoundRatios.of(new double[] {100, Double.NaN, 100}, new double[] {120, 90, 80});

        assertThat(r.minRatio()).isEqualTo(0.8);
        assertThat(r.medianRatio()).isCloseTo(1.0, within(1e-12));
    }
}
