package org.rabbitmqjmh.perftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.rabbitmqjmh.results.Interval;

class RoundRatiosTest {

  @Test
  void theMedianIsTheMiddleValueOrTheMeanOfTheMiddleTwoAndIgnoresNaN() {
    assertThat(RoundRatios.median(new double[] {3, 1, 2})).isEqualTo(2.0);
    assertThat(RoundRatios.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(RoundRatios.median(new double[] {Double.NaN, 5, 1})).isEqualTo(3.0);
    assertThat(RoundRatios.median(new double[] {Double.NaN})).isNaN();
  }

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
  void theBootstrapIntervalHoldsTheMedianRatioAndRepeatsWithItsSeed() {
    double[] ratios = {1.10, 0.90, 1.20, 1.00, 1.05, 1.30};

    Interval i = RoundRatios.bootstrapMedian(ratios, RoundRatios.SEED);

    assertThat(i.known()).isTrue();
    assertThat(i.low()).isLessThanOrEqualTo(RoundRatios.median(ratios)).isGreaterThanOrEqualTo(0.90);
    assertThat(i.high()).isGreaterThanOrEqualTo(RoundRatios.median(ratios)).isLessThanOrEqualTo(1.30);
    assertThat(i.high() - i.low()).isGreaterThan(0.0);
    assertThat(RoundRatios.bootstrapMedian(ratios, RoundRatios.SEED)).isEqualTo(i);
    // For 6 rounds the median of a redraw is a round's ratio or the midpoint of two; so are the ends here.
    assertThat(isRatioOrMidpoint(i.low(), ratios)).isTrue();
    assertThat(isRatioOrMidpoint(i.high(), ratios)).isTrue();
  }

  @Test
  void roundsThatAgreeGiveAnIntervalOfNoWidthAndOneRoundNone() {
    assertThat(RoundRatios.bootstrapMedian(new double[] {1.2, 1.2, 1.2}, 1)).isEqualTo(new Interval(1.2, 1.2));
    assertThat(RoundRatios.bootstrapMedian(new double[] {1.2}, 1).known()).isFalse();
  }

  @Test
  void aRoundMissingOnOneSideIsLeftOutOfTheRatios() {
    RoundRatios r = RoundRatios.of(new double[] {100, Double.NaN, 100}, new double[] {120, 90, 80});

    assertThat(r.minRatio()).isEqualTo(0.8);
    assertThat(r.medianRatio()).isCloseTo(1.0, within(1e-12));
  }

  private static boolean isRatioOrMidpoint(double v, double[] ratios) {
    return Arrays.stream(ratios).anyMatch(a -> Arrays.stream(ratios).anyMatch(b -> Math.abs((a + b) / 2 - v) < 1e-9));
  }
}
