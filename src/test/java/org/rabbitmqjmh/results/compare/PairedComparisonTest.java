package org.rabbitmqjmh.results.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.JmhResult;

/**
 * {@code compare --paired} on synthetic interleaved runs with a known distribution: each round has a
 * level shared by both sides ({@code drift}: the machine and the broker at that moment), each side's fork
 * its own small deviation, each iteration its noise. This is the shape that defeats a run-against-run
 * comparison on a 2-core machine (results/aa/README.md).
 */
class PairedComparisonTest {

    private static final BenchmarkKey KEY =
            BenchmarkKey.of("org.rabbitmqjmh.benchmarks.consume.DrainBenchmark.drain", "thrpt", Map.of());

    private static double[][] side(Random random, double[] drift, double mean, double forkSpread, double noise) {
        double[][] forks = new double[drift.length][5];
        for (int k = 0; k < drift.length; k++) {
            double level = mean * drift[k] * (1 + forkSpread * random.nextGaussian());
            for (int i = 0; i < 5; i++) {
                forks[k][i] = level * (1 + noise * random.nextGaussian());
            }
        }
        return forks;
    }

    private static JmhResult result(double[][] samples) {
        return new JmhResult(KEY, "ops/s", RatioBootstrap.mean(samples), Double.NaN, samples);
    }

    /** Verdicts of 100 seeds: {paired slower, unpaired slower, any paired flag}. */
    private static int[] verdicts(double headMean, int rounds) throws BadInputException {
        int pairedSlower = 0;
        int unpairedSlower = 0;
        int pairedAny = 0;
        for (long seed = 0; seed < 100; seed++) {
            Random random = new Random(seed);
            double[] drift = new double[rounds];
            for (int k = 0; k < rounds; k++) {
                drift[k] = 1 + 0.15 * random.nextGaussian();
            }
            JmhResult base = result(side(random, drift, 1000, 0.02, 0.03));
            JmhResult head = result(side(random, drift, headMean, 0.02, 0.03));
            Verdict paired = Comparison.of(List.of(base), List.of(head), 5, NoiseFloors.NONE, true)
                    .rows()
                    .get(0)
                    .verdict();
            Verdict unpaired =
                    Comparison.of(List.of(base), List.of(head), 5).rows().get(0).verdict();
            pairedSlower += paired == Verdict.SLOWER ? 1 : 0;
            pairedAny += paired != Verdict.NO_CHANGE ? 1 : 0;
            unpairedSlower += unpaired == Verdict.SLOWER ? 1 : 0;
        }
        return new int[] {pairedSlower, unpairedSlower, pairedAny};
    }

    @Test
    void pairingRoundsCatchesATenPercentLossThatDriftHidesFromAnUnpairedComparison() throws Exception {
        int[] v = verdicts(900, 5);
        assertThat(v[0]).as("paired, slower").isGreaterThanOrEqualTo(95);
        assertThat(v[1]).as("unpaired, slower").isLessThan(50);
    }

    @Test
    void theSameBuildOnBothSidesIsNoChangeDespiteTheDrift() throws Exception {
        assertThat(verdicts(1000, 3)[2]).isLessThanOrEqualTo(5);
        assertThat(verdicts(1000, 5)[2]).isLessThanOrEqualTo(5);
    }

    @Test
    void sidesWithDifferentRoundCountsAreRefusedWithTheRowNamed() {
        JmhResult base = result(new double[][] {{1, 1}, {1, 1}, {1, 1}});
        JmhResult head = result(new double[][] {{1, 1}, {1, 1}});
        assertThatThrownBy(() -> Comparison.of(List.of(base), List.of(head), 5, NoiseFloors.NONE, true))
                .isInstanceOf(BadInputException.class)
                .hasMessage(
                        KEY.label() + ": a paired comparison needs the same number of forks (rounds) on both sides; "
                                + "base has 3, head 2");
    }
}
