package org.rabbitmqjmh.perftest;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.Interval;
import org.rabbitmqjmh.results.Quantiles;
import org.rabbitmqjmh.results.compare.RatioBootstrap;

/**
 * One scenario's rounds summed up: each side's median rate, the ratio of those medians, the per-round
 * ratio ours/PerfTest (its median and smallest value), and the ratio of mean rates with a 95% interval.
 * Both sides of a round ran back to back, so what the machine did then hit both: the interval is the one
 * {@code compare} gives an interleaved run ({@link RatioBootstrap#pairedInterval}), rounds redrawn with
 * replacement as pairs from a fixed seed, so a rerun prints the same interval, and widened for few rounds.
 */
record RoundRatios(
        double perfTestMedian,
        double oursMedian,
        double ratioOfMedians,
        double[] ratios,
        double medianRatio,
        double ratioOfMeans,
        Interval interval,
        double minRatio) {

    static final long SEED = 13;

    /** Rounds where either side is missing (NaN) are left out of the ratios and the interval. */
    static RoundRatios of(double[] perfTest, double[] ours) {
        if (perfTest.length != ours.length) {
            throw new IllegalArgumentException(
                    "both sides need a rate for every round: " + perfTest.length + " against " + ours.length);
        }
        double[] ratios = new double[perfTest.length];
        for (int r = 0; r < ratios.length; r++) {
            ratios[r] = ours[r] / perfTest[r];
        }
        int[] both = IntStream.range(0, ratios.length)
                .filter(r -> Double.isFinite(ratios[r]))
                .toArray();
        double[][] perfRounds = rounds(perfTest, both);
        double[][] ourRounds = rounds(ours, both);
        double[] usable = Arrays.stream(both).mapToDouble(r -> ratios[r]).toArray();
        double perfMedian = Quantiles.median(perfTest);
        double oursMedian = Quantiles.median(ours);
        return new RoundRatios(
                perfMedian,
                oursMedian,
                oursMedian / perfMedian,
                ratios,
                Quantiles.median(usable),
                RatioBootstrap.mean(ourRounds) / RatioBootstrap.mean(perfRounds),
                interval(perfRounds, ourRounds),
                usable.length == 0 ? Double.NaN : Arrays.stream(usable).min().getAsDouble());
    }

    /** Each round as a fork of one sample, the shape JMH's per-fork samples have in {@code compare}. */
    private static double[][] rounds(double[] rates, int[] kept) {
        return Arrays.stream(kept).mapToObj(r -> new double[] {rates[r]}).toArray(double[][]::new);
    }

    private static Interval interval(double[][] perfTest, double[][] ours) {
        try {
            return RatioBootstrap.pairedInterval(perfTest, ours, SEED);
        } catch (BadInputException e) {
            throw new IllegalStateException("both sides are built from the same rounds", e);
        }
    }
}
