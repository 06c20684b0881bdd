package org.rabbitmqjmh.results.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Change points of a series: E-Divisive means (Matteson and James 2014) with Student's t-test in place of
 * the permutation test, split in sliding windows and merged back, as Apache Otava (ex DataStax Hunter;
 * Fleming et al., ICPE 2023) does it. Written from the papers and Otava's description, and tested against
 * Otava's own worked examples (EDivisiveTest); no Java library of it exists that is kept up.
 *
 * <p>How it decides, in short:
 * <ol>
 *   <li><b>Candidate.</b> In an interval, the split τ (and end κ) that maximises the energy distance
 *       Q(series[s:τ], series[τ:κ]) = 2/(m+n) Σ|x−y| − 2m/((m+n)(n−1)) Σ|x−x'| − 2n/((m+n)(m−1)) Σ|y−y'|
 *       (power 1): the split where the two sides are most unlike each other, in level or in spread.</li>
 *   <li><b>Significance.</b> A two-sided Student t-test (pooled variance) between the two sides the
 *       candidate separates; the divisive step keeps splitting the interval whose candidate has the
 *       largest Q while that candidate's p-value is at most the threshold, and stops at the first that
 *       is not.</li>
 *   <li><b>Windows.</b> The divisive step runs on windows of {@code window} points that advance by half a
 *       window (or to the last change found), with a first-pass threshold ten times looser (a "weak"
 *       change point); the union is sorted and every point's statistics recomputed between its
 *       neighbours over the whole series.</li>
 *   <li><b>Merge.</b> While some change point has a p-value above the threshold, the weakest (largest p)
 *       is removed and its neighbours recomputed; then, while the smallest step is below
 *       {@code minMagnitude}, that one goes too.</li>
 * </ol>
 * One difference from Otava's merge: after removing a point, Otava recomputes the points at the removed
 * position and the one after it; the intervals that changed are those of the removed point's left and
 * right neighbours, so those two are recomputed here. The worked examples agree either way.
 */
public final class EDivisive {

    /** A change between {@code index - 1} and {@code index}: the first point of the new level is {@code index}. */
    public record ChangePoint(
            int index,
            double qhat,
            double pValue,
            double tTestP,
            double meanBefore,
            double meanAfter,
            double sdBefore,
            double sdAfter,
            int nBefore,
            int nAfter) {

        /** The step as a fraction of the level before: +0.10 is 10% higher after. */
        public double relativeChange() {
            return meanBefore == 0 ? 0 : meanAfter / meanBefore - 1;
        }

        /** The larger of the forward and backward relative changes, as Otava's magnitude. */
        public double magnitude() {
            double forward = meanBefore == 0 ? 0 : Math.abs(meanAfter / meanBefore - 1);
            double backward = meanAfter == 0 ? 0 : Math.abs(meanBefore / meanAfter - 1);
            return Math.max(forward, backward);
        }

        /**
         * A 95% interval of the step relative to the level before: Welch's interval of the difference of
         * the means, over the mean before. NaN bounds when either side has a single point.
         */
        public double[] relativeChangeInterval() {
            if (nBefore < 2 || nAfter < 2 || meanBefore == 0) {
                return new double[] {Double.NaN, Double.NaN};
            }
            // sample variances (n − 1) for the interval; the test itself follows Otava (test, below)
            // the squared standard error of each mean: sd² · n/(n − 1) / n
            double vb = sdBefore * sdBefore / (nBefore - 1.0);
            double va = sdAfter * sdAfter / (nAfter - 1.0);
            double se = Math.sqrt(vb + va);
            double d = meanAfter - meanBefore;
            if (se == 0) {
                return new double[] {d / meanBefore, d / meanBefore};
            }
            double df = (vb + va) * (vb + va) / (vb * vb / (nBefore - 1.0) + va * va / (nAfter - 1.0));
            double t = new TDistribution(null, df).inverseCumulativeProbability(0.975);
            return new double[] {(d - t * se) / meanBefore, (d + t * se) / meanBefore};
        }

        ChangePoint at(int offset) {
            return new ChangePoint(
                    index + offset, qhat, pValue, tTestP, meanBefore, meanAfter, sdBefore, sdAfter, nBefore, nAfter);
        }

        ChangePoint withP(double p) {
            return new ChangePoint(index, qhat, p, tTestP, meanBefore, meanAfter, sdBefore, sdAfter, nBefore, nAfter);
        }
    }

    public static final int DEFAULT_WINDOW = 30;
    public static final double DEFAULT_MAX_P = 0.01;

    private EDivisive() {}

    /**
     * Change points of {@code series} at p ≤ {@code maxP}, sorted by index: Otava's (below), each then
     * confirmed by a test that knows its split was picked as the best of many ({@link #confirm}). Each
     * point's {@code pValue} is that test's; {@code tTestP} is Otava's.
     */
    public static List<ChangePoint> changePoints(double[] series, int window, double maxP, double minMagnitude) {
        return confirm(otava(series, window, maxP, minMagnitude), series, maxP);
    }

    /** Otava's change points: split in windows at the looser threshold, then merge. */
    static List<ChangePoint> otava(double[] series, int window, double maxP, double minMagnitude) {
        if (window < 2) {
            throw new IllegalArgumentException("window " + window + " is too short; allowed: 2 or more points");
        }
        double firstPass = maxP < 0.05 ? maxP * 10 : (maxP < 0.5 ? maxP * 2 : maxP);
        return merge(split(series, window, firstPass), series, maxP, minMagnitude);
    }

    /**
     * Otava's t-test p-value is that of a split chosen because it separates the series best: on 20
     * points of pure noise (3 forks of 11% a point) it reports changes that are not there (DetectionPower
     * counts them). So every change point Otava keeps is tested again, between its neighbours, by
     * permutation: shuffle that stretch of the series many times, take the largest |t| over every split
     * of each shuffle, and count how often it reaches the point's own |t|. That p-value knows the split
     * was the best of many; the weakest point above {@code maxP} is dropped and the others tested again
     * against their new neighbours. The shuffles are seeded from the data: the same series gives the same
     * answer.
     */
    static List<ChangePoint> confirm(List<ChangePoint> candidates, double[] series, double maxP) {
        int permutations = (int) Math.min(200_000, Math.max(1999, Math.ceil(20 / maxP) - 1));
        List<ChangePoint> kept = new ArrayList<>(candidates);
        while (!kept.isEmpty()) {
            List<ChangePoint> tested = new ArrayList<>();
            int weakest = 0;
            for (int i = 0; i < kept.size(); i++) {
                int from = i == 0 ? 0 : kept.get(i - 1).index();
                int to = i == kept.size() - 1 ? series.length : kept.get(i + 1).index();
                ChangePoint cp =
                        test(series, from, kept.get(i).index(), to, kept.get(i).qhat());
                double observed = Math.abs(t(series, from, cp.index(), to));
                tested.add(cp.withP(permutationP(series, from, to, observed, permutations)));
                if (tested.get(i).pValue() > tested.get(weakest).pValue()) {
                    weakest = i;
                }
            }
            if (tested.get(weakest).pValue() <= maxP) {
                return tested;
            }
            kept.remove(weakest);
        }
        return kept;
    }

    /** How often a shuffle of series[from:to) has some split whose |t| reaches {@code observed}. */
    static double permutationP(double[] series, int from, int to, double observed, int permutations) {
        double[] z = Arrays.copyOfRange(series, from, to);
        Random random = new Random(Arrays.hashCode(z));
        int reached = 0;
        for (int r = 0; r < permutations; r++) {
            for (int i = z.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                double tmp = z[i];
                z[i] = z[j];
                z[j] = tmp;
            }
            if (maxAbsT(z) >= observed) {
                reached++;
            }
        }
        return (reached + 1.0) / (permutations + 1.0);
    }

    /** The largest |t| over every split of {@code z}, by running sums. */
    private static double maxAbsT(double[] z) {
        int n = z.length;
        double total = 0;
        double totalSquares = 0;
        for (double v : z) {
            total += v;
            totalSquares += v * v;
        }
        double sum = 0;
        double squares = 0;
        double max = 0;
        for (int tau = 1; tau < n; tau++) {
            sum += z[tau - 1];
            squares += z[tau - 1] * z[tau - 1];
            max = Math.max(max, Math.abs(t(tau, sum, squares, n - tau, total - sum, totalSquares - squares)));
        }
        return max;
    }

    /** Otava's t statistic between series[from:at] and series[at:to]. */
    static double t(double[] z, int from, int at, int to) {
        double s1 = 0;
        double q1 = 0;
        for (int i = from; i < at; i++) {
            s1 += z[i];
            q1 += z[i] * z[i];
        }
        double s2 = 0;
        double q2 = 0;
        for (int i = at; i < to; i++) {
            s2 += z[i];
            q2 += z[i] * z[i];
        }
        return t(at - from, s1, q1, to - at, s2, q2);
    }

    /**
     * From each side's count, sum and sum of squares: the sides' variances without Bessel's correction
     * (as Otava takes them), pooled with n1 + n2 − 2 degrees of freedom. 0 when it cannot be computed.
     */
    private static double t(int n1, double s1, double q1, int n2, double s2, double q2) {
        if (n1 + n2 <= 2) {
            return 0;
        }
        double m1 = s1 / n1;
        double m2 = s2 / n2;
        double v1 = n1 >= 2 ? Math.max(0, q1 / n1 - m1 * m1) : 0;
        double v2 = n2 >= 2 ? Math.max(0, q2 / n2 - m2 * m2) : 0;
        double pooled = ((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2);
        double se = Math.sqrt(pooled * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return m1 == m2 ? 0 : Double.POSITIVE_INFINITY;
        }
        return (m2 - m1) / se;
    }

    /** Weak change points: the divisive step in sliding windows at the looser threshold. */
    static List<ChangePoint> split(double[] series, int window, double maxP) {
        List<ChangePoint> found = new ArrayList<>();
        int step = window / 2;
        int start = 0;
        while (start < series.length) {
            int end = Math.min(start + window, series.length);
            List<ChangePoint> inWindow = divisive(Arrays.copyOfRange(series, start, end), maxP);
            int last = 0;
            for (ChangePoint cp : inWindow) {
                ChangePoint global = cp.at(start);
                if (found.stream().noneMatch(f -> f.index() == global.index())) {
                    found.add(global);
                }
                last = global.index();
            }
            start = Math.max(last, start + step);
        }
        found.sort(Comparator.comparingInt(ChangePoint::index));
        for (int i = 0; i < found.size(); i++) {
            recompute(found, series, i);
        }
        return found;
    }

    /** The divisive step on one window: split while the strongest candidate is significant. */
    static List<ChangePoint> divisive(double[] series, double maxP) {
        List<ChangePoint> points = new ArrayList<>();
        while (true) {
            List<int[]> intervals = intervals(points, series.length);
            double bestQ = Double.NEGATIVE_INFINITY;
            int[] bestInterval = null;
            int bestTau = -1;
            for (int[] interval : intervals) {
                if (interval[1] - interval[0] < 2) {
                    continue;
                }
                double[] candidate = candidate(series, interval[0], interval[1]);
                if (candidate[1] > bestQ) {
                    bestQ = candidate[1];
                    bestTau = (int) candidate[0];
                    bestInterval = interval;
                }
            }
            if (bestInterval == null) {
                return points;
            }
            ChangePoint cp = test(series, bestInterval[0], bestTau, bestInterval[1], bestQ);
            if (!(cp.pValue() <= maxP)) {
                return points;
            }
            points.add(cp);
            points.sort(Comparator.comparingInt(ChangePoint::index));
        }
    }

    /**
     * The split τ in (start, end) and end κ in (τ, end] that maximise Q; returns {τ, Q}. Ties go to the
     * smallest τ, then the smallest κ. O(n³) with running sums: windows are tens of points.
     */
    static double[] candidate(double[] z, int start, int end) {
        double bestQ = Double.NEGATIVE_INFINITY;
        int bestTau = start + 1;
        for (int tau = start + 1; tau < end; tau++) {
            int n = tau - start;
            double withinX = 0;
            for (int i = start; i < tau; i++) {
                for (int k = i + 1; k < tau; k++) {
                    withinX += Math.abs(z[i] - z[k]);
                }
            }
            double cross = 0;
            double withinY = 0;
            for (int kappa = tau + 1; kappa <= end; kappa++) {
                double y = z[kappa - 1];
                for (int i = start; i < tau; i++) {
                    cross += Math.abs(z[i] - y);
                }
                for (int j = tau; j < kappa - 1; j++) {
                    withinY += Math.abs(z[j] - y);
                }
                int m = kappa - tau;
                double q = 2.0 / (m + n) * cross
                        - (n > 1 ? 2.0 * m / (m + n) / (n - 1) * withinX : 0)
                        - (m > 1 ? 2.0 * n / (m + n) / (m - 1) * withinY : 0);
                if (q > bestQ) {
                    bestQ = q;
                    bestTau = tau;
                }
            }
        }
        return new double[] {bestTau, bestQ};
    }

    /**
     * Student's two-sided t-test between series[from:at] and series[at:to], as Otava computes it: the
     * sides' standard deviations without Bessel's correction, fed to the pooled-variance test with
     * n1 + n2 − 2 degrees of freedom. Two points in all: p = 1. No spread at all: p = 0 when the means
     * differ, 1 when they do not.
     */
    static ChangePoint test(double[] z, int from, int at, int to, double qhat) {
        int n1 = at - from;
        int n2 = to - at;
        double m1 = mean(z, from, at);
        double m2 = mean(z, at, to);
        double s1 = n1 >= 2 ? sd(z, from, at, m1) : 0;
        double s2 = n2 >= 2 ? sd(z, at, to, m2) : 0;
        double p;
        if (n1 + n2 <= 2) {
            p = 1;
        } else {
            int df = n1 + n2 - 2;
            double pooled = ((n1 - 1) * s1 * s1 + (n2 - 1) * s2 * s2) / df;
            double se = Math.sqrt(pooled * (1.0 / n1 + 1.0 / n2));
            if (se == 0) {
                p = m1 == m2 ? 1 : 0;
            } else {
                double t = Math.abs(m1 - m2) / se;
                p = 2 * (1 - new TDistribution(null, df).cumulativeProbability(t));
            }
        }
        return new ChangePoint(at, qhat, p, p, m1, m2, s1, s2, n1, n2);
    }

    /** Otava's merge: drop the weakest point until every p ≤ maxP and every step ≥ minMagnitude. */
    static List<ChangePoint> merge(List<ChangePoint> weak, double[] series, double maxP, double minMagnitude) {
        List<ChangePoint> points = new ArrayList<>(weak);
        while (!points.isEmpty()) {
            ChangePoint weakest = points.stream()
                    .max(Comparator.comparingDouble(ChangePoint::pValue))
                    .orElseThrow();
            if (weakest.pValue() <= maxP) {
                weakest = points.stream()
                        .min(Comparator.comparingDouble(ChangePoint::magnitude))
                        .orElseThrow();
                if (weakest.magnitude() >= minMagnitude) {
                    return points;
                }
            }
            int removed = points.indexOf(weakest);
            points.remove(removed);
            recompute(points, series, removed - 1);
            recompute(points, series, removed);
        }
        return points;
    }

    private static void recompute(List<ChangePoint> points, double[] series, int i) {
        if (i < 0 || i >= points.size()) {
            return;
        }
        int from = i == 0 ? 0 : points.get(i - 1).index();
        int to = i == points.size() - 1 ? series.length : points.get(i + 1).index();
        points.set(
                i, test(series, from, points.get(i).index(), to, points.get(i).qhat()));
    }

    /** The intervals between consecutive change points, as {start, end} (end exclusive). */
    private static List<int[]> intervals(List<ChangePoint> points, int length) {
        List<int[]> intervals = new ArrayList<>();
        int from = 0;
        for (ChangePoint cp : points) {
            if (cp.index() > from) {
                intervals.add(new int[] {from, cp.index()});
            }
            from = cp.index();
        }
        if (length > from) {
            intervals.add(new int[] {from, length});
        }
        return intervals;
    }

    private static double mean(double[] z, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += z[i];
        }
        return sum / (to - from);
    }

    private static double sd(double[] z, int from, int to, double mean) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (z[i] - mean) * (z[i] - mean);
        }
        return Math.sqrt(sum / (to - from));
    }
}
