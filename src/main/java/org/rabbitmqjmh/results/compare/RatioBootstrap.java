package org.rabbitmqjmh.results.compare;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.Interval;
import org.rabbitmqjmh.results.Quantiles;

/**
 * A 95% interval for head mean over base mean, from the per-iteration samples of both runs.
 *
 * <p>Iterations of one fork share that JVM's JIT decisions and memory layout, so they are not independent
 * draws: the fork is the unit that repeats. Each resample therefore draws forks with replacement. A fork's
 * mean already carries its iteration noise; drawing its iterations again as well counts that noise twice
 * and, worse, still misses most of a real fork-to-fork spread (see docs/compare.md). So iterations are
 * redrawn only when a run has a single fork, where they are all the repetition there is.
 *
 * <p>A percentile bootstrap is too narrow with the 2 to 5 units JMH runs have: it divides by n, not n-1,
 * and uses normal, not Student, quantiles. The interval is widened around the observed ratio, on a log
 * scale, by {@code sqrt(n/(n-1)) * t(0.975, nBase+nHead-2) / z(0.975)}, n the units of the smaller run
 * (Hesterberg's expanded percentile interval, for two samples).
 */
public final class RatioBootstrap {

    public static final int RESAMPLES = 10_000;

    private RatioBootstrap() {}

    static Interval interval(double[][] base, double[][] head, long seed) {
        double[][] b = nonEmptyForks(base);
        double[][] h = nonEmptyForks(head);
        int nBase = units(b);
        int nHead = units(h);
        if (nBase < 2 || nHead < 2 || !usable(b) || !usable(h)) {
            return Interval.UNKNOWN;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] logRatios = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            logRatios[r] = Math.log(resampledMean(h, random) / resampledMean(b, random));
        }
        int n = Math.min(nBase, nHead);
        return widened(logRatios, Math.log(mean(h) / mean(b)), n, nBase + nHead - 2);
    }

    private static final double Z_975 = new NormalDistribution().inverseCumulativeProbability(0.975);

    /** Student's t at 97.5% (commons-math3, which comes with jmh-core); NaN below one degree of freedom. */
    private static double t975(int degreesOfFreedom) {
        return degreesOfFreedom < 1
                ? Double.NaN
                : new TDistribution(degreesOfFreedom).inverseCumulativeProbability(0.975);
    }

    /**
     * The 2.5% and 97.5% points of the resampled log ratios, widened around the observed log ratio by
     * {@code sqrt(n/(n-1)) * t(0.975, df) / z(0.975)} (see the class comment), as a ratio interval.
     */
    private static Interval widened(double[] logRatios, double observed, int n, int degreesOfFreedom) {
        double low = Quantiles.percentile(logRatios, 2.5);
        double high = Quantiles.percentile(logRatios, 97.5);
        double widen = Math.sqrt(n / (n - 1.0)) * t975(degreesOfFreedom) / Z_975;
        return new Interval(
                Math.exp(observed + widen * (low - observed)), Math.exp(observed + widen * (high - observed)));
    }

    /**
     * The interval of an interleaved run ({@code --against}): fork k of base and fork k of head ran one
     * after the other on the same broker, so they share whatever the machine and the node were doing then.
     * Each resample draws rounds (a base fork with its head fork) with replacement, which keeps that
     * pairing, so a slow stretch that hit both sides cancels in the ratio instead of widening it. Widened
     * like {@link #interval} with n-1 degrees of freedom, n the rounds: with 3 rounds, by 2.7.
     */
    public static Interval pairedInterval(double[][] base, double[][] head, long seed) throws BadInputException {
        if (base.length != head.length) {
            throw new BadInputException("a paired comparison needs the same number of forks (rounds) on both sides; "
                    + "base has " + base.length + ", head " + head.length);
        }
        int n = base.length;
        if (n < 2
                || !usable(base)
                || !usable(head)
                || Arrays.stream(base).anyMatch(f -> f.length == 0)
                || Arrays.stream(head).anyMatch(f -> f.length == 0)) {
            return Interval.UNKNOWN;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] logRatios = new double[RESAMPLES];
        double[][] b = new double[n][];
        double[][] h = new double[n][];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int k = 0; k < n; k++) {
                int round = random.nextInt(n);
                b[k] = base[round];
                h[k] = head[round];
            }
            logRatios[r] = Math.log(mean(h) / mean(b));
        }
        return widened(logRatios, Math.log(mean(head) / mean(base)), n, n - 1);
    }

    /** The grand mean over every iteration of every fork: what JMH reports as the score. */
    public static double mean(double[][] samples) {
        double sum = 0;
        int count = 0;
        for (double[] fork : samples) {
            for (double v : fork) {
                sum += v;
                count++;
            }
        }
        return sum / count;
    }

    /** What repeats independently: forks, or the iterations of a lone fork. */
    private static int units(double[][] forks) {
        return forks.length == 1 ? forks[0].length : forks.length;
    }

    private static double resampledMean(double[][] forks, SplittableRandom random) {
        double sum = 0;
        int count = 0;
        if (forks.length == 1) {
            double[] only = forks[0];
            for (int j = 0; j < only.length; j++) {
                sum += only[random.nextInt(only.length)];
            }
            return sum / only.length;
        }
        for (int k = 0; k < forks.length; k++) {
            double[] fork = forks[random.nextInt(forks.length)];
            for (double v : fork) {
                sum += v;
            }
            count += fork.length;
        }
        return sum / count;
    }

    private static double[][] nonEmptyForks(double[][] samples) {
        return Arrays.stream(samples).filter(fork -> fork.length > 0).toArray(double[][]::new);
    }

    /** A ratio of means needs finite samples and a positive mean, which every JMH score is. */
    private static boolean usable(double[][] forks) {
        boolean finite = Arrays.stream(forks).flatMapToDouble(Arrays::stream).allMatch(Double::isFinite);
        return finite && mean(forks) > 0;
    }
}
