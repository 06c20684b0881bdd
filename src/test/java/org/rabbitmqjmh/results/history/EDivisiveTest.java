package org.rabbitmqjmh.results.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The change-point detector against Apache Otava's published examples (its tests/analysis_test.py and
 * tests/change_point_divisive_test.py), a brute-force energy statistic, and synthetic series with the
 * noise this suite sees.
 */
class EDivisiveTest {

    /** Otava's change_point_divisive_test.SEQUENCE: levels near 0, 99 and 149; changes at 5 and 8. */
    private static final double[] SEQUENCE = {
        0.3, 2.4, 1.5, -0.9, -0.5, 99.7, 98.3, 99.1, 149.0, 149.7, 149.5, 149.1, 148.8, 150.0
    };

    /** Otava's analysis_test.test_single_series: 1.0 then 0.5 from index 10. */
    private static final double[] SINGLE = {
        1.02, 0.95, 0.99, 1.00, 1.12, 1.00, 1.01, 0.98, 1.01, 0.96, 0.50, 0.51, 0.48, 0.48, 0.55, 0.50, 0.49, 0.51,
        0.50, 0.49
    };

    @Test
    void divisiveStepWithTheTTestFindsOtavasTwoChanges() {
        assertThat(EDivisive.divisive(SEQUENCE, 0.01))
                .extracting(EDivisive.ChangePoint::index)
                .containsExactly(5, 8);
    }

    @Test
    void splitAndMergeFindOtavasSingleChange() {
        assertThat(EDivisive.otava(SINGLE, 10, 0.0001, 0))
                .extracting(EDivisive.ChangePoint::index)
                .containsExactly(10);
        assertThat(EDivisive.changePoints(SINGLE, 10, 0.0001, 0))
                .extracting(EDivisive.ChangePoint::index)
                .containsExactly(10);
    }

    @Test
    void theCandidateMaximisesTheEnergyStatisticAsABruteForceDoes() {
        double[] bruteForce = bruteForceCandidate(SEQUENCE, 0, SEQUENCE.length);
        double[] fast = EDivisive.candidate(SEQUENCE, 0, SEQUENCE.length);
        assertThat(fast[0]).isEqualTo(bruteForce[0]);
        assertThat(fast[1]).isCloseTo(bruteForce[1], within(1e-9));
        double[] noisy = new Random(7).doubles(23).map(v -> v * 10).toArray();
        for (int start : new int[] {0, 3, 9}) {
            double[] b = bruteForceCandidate(noisy, start, noisy.length);
            double[] f = EDivisive.candidate(noisy, start, noisy.length);
            assertThat(f[0]).isEqualTo(b[0]);
            assertThat(f[1]).isCloseTo(b[1], within(1e-9));
        }
    }

    /** Otava's analysis_test.test_significance_tester: a flat series p ≈ 1, a 20% drop p < 0.001. */
    @Test
    void theTTestMatchesOtavasSignificanceExamples() {
        double[] flat = {1.00, 1.02, 1.05, 0.95, 0.98, 1.00, 1.02, 1.05, 0.95, 0.98};
        assertThat(EDivisive.test(flat, 0, 5, 10, 0).pValue()).isBetween(0.99, 1.01);
        double[] drop = {1.00, 1.02, 1.05, 0.95, 0.98, 0.80, 0.82, 0.85, 0.79, 0.77};
        assertThat(EDivisive.test(drop, 0, 5, 10, 0).pValue()).isBetween(0.0, 0.001);
    }

    @Test
    void aChangeReportsItsStepAndAnIntervalAroundIt() {
        EDivisive.ChangePoint cp = EDivisive.changePoints(SINGLE, 10, 0.0001, 0).get(0);
        assertThat(cp.relativeChange()).isCloseTo(0.501 / 1.004 - 1, within(0.01));
        double[] interval = cp.relativeChangeInterval();
        assertThat(interval[0]).isLessThan(cp.relativeChange());
        assertThat(interval[1]).isGreaterThan(cp.relativeChange()).isLessThan(0);
    }

    @Test
    void minMagnitudeDropsSmallSteps() {
        double[] series = new double[30];
        for (int i = 0; i < series.length; i++) {
            series[i] = (i < 15 ? 100 : 102) + (i % 2 == 0 ? 0.1 : -0.1);
        }
        assertThat(EDivisive.changePoints(series, 30, 0.01, 0))
                .extracting(EDivisive.ChangePoint::index)
                .containsExactly(15);
        assertThat(EDivisive.changePoints(series, 30, 0.01, 0.05)).isEmpty();
    }

    @Test
    void constantAndTinySeriesHaveNoChange() {
        assertThat(EDivisive.changePoints(new double[] {5, 5, 5, 5, 5, 5}, 30, 0.01, 0))
                .isEmpty();
        assertThat(EDivisive.changePoints(new double[] {1, 2}, 30, 0.01, 0)).isEmpty();
        assertThat(EDivisive.changePoints(new double[0], 30, 0.01, 0)).isEmpty();
    }

    /**
     * Issue #16's false-alarm target: 20 points of 3 forks with 11% fork-to-fork noise and no step report
     * no change at p < 0.01 in at least 19 of 20 seeds, and 190 of 200. Otava's t-test alone does not meet
     * it (its p is that of the best of many splits); the permutation confirmation does. DetectionPower
     * prints the counts docs/history.md quotes.
     */
    @Test
    void twentyPointsWithoutAStepReportNoChangeInAtLeast19Of20Seeds() {
        assertThat(DetectionPower.quietSeeds(0.11, 3, 20, false)).isGreaterThanOrEqualTo(19);
        assertThat(DetectionPower.quietSeeds(0.11, 3, 20, true)).isLessThan(19);
        assertThat(DetectionPower.quietSeeds(0.11, 3, 200, false)).isGreaterThanOrEqualTo(190);
    }

    /**
     * Issue #16's detection target, measured: a 10% step after 10 points, 3 forks a point, in 11% fork
     * noise (6.4% a point: a 1.6 sigma step) and in 3% (what the gated costs show between forks on a quiet
     * host, results/gate/quiet-host). Held: 3% within 3 points in at least 9 of 10 seeds; 11% within 10
     * points in at least the rate measured when this was written; 11% with 10 forks a point (a -f 10 run)
     * within 5 points in at least 9 of 10.
     */
    @Test
    void aTenPercentStepIsFoundWithinAFewPoints() {
        assertThat(DetectionPower.foundWithin(0.03, 3)[3 - 1]).isGreaterThanOrEqualTo(9);
        assertThat(DetectionPower.foundWithin(0.11, 3)[10 - 1]).isGreaterThanOrEqualTo(NOISY_FOUND_WITHIN_10);
        assertThat(DetectionPower.foundWithin(0.11, 10)[5 - 1]).isGreaterThanOrEqualTo(9);
    }

    /** The same null at 10 forks a point: more forks must not buy detection with false alarms. */
    @Test
    void tenForksAPointStayQuietWithoutAStep() {
        assertThat(DetectionPower.quietSeeds(0.11, 10, 20, false)).isGreaterThanOrEqualTo(19);
    }

    /** What {@link #aTenPercentStepIsFoundWithinAFewPoints} measured at 11% noise within 10 points. */
    private static final int NOISY_FOUND_WITHIN_10 = 4;

    /** Otava's compute_Q_and_candidate_slow, over [start, end). */
    private static double[] bruteForceCandidate(double[] z, int start, int end) {
        double best = Double.NEGATIVE_INFINITY;
        int bestTau = -1;
        for (int tau = start + 1; tau < end; tau++) {
            for (int kappa = tau + 1; kappa <= end; kappa++) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (int i = start; i < tau; i++) {
                    x.add(z[i]);
                }
                for (int i = tau; i < kappa; i++) {
                    y.add(z[i]);
                }
                int n = x.size();
                int m = y.size();
                double a = 0;
                for (double xi : x) {
                    for (double yj : y) {
                        a += Math.abs(xi - yj);
                    }
                }
                a *= 2.0 / (m + n);
                double b = 0;
                for (int i = 0; i < n; i++) {
                    for (int k = i + 1; k < n; k++) {
                        b += Math.abs(x.get(i) - x.get(k));
                    }
                }
                b *= n > 1 ? 2.0 * m / (m + n) / (n - 1) : 0;
                double c = 0;
                for (int j = 0; j < m; j++) {
                    for (int k = j + 1; k < m; k++) {
                        c += Math.abs(y.get(j) - y.get(k));
                    }
                }
                c *= m > 1 ? 2.0 * n / (m + n) / (m - 1) : 0;
                if (a - b - c > best) {
                    best = a - b - c;
                    bestTau = tau;
                }
            }
        }
        return new double[] {bestTau, best};
    }
}
