package org.rabbitmqjmh.perftest;

import java.util.Arrays;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.rabbitmqjmh.results.Interval;

/**
 * One scenario's rounds summed up: each side's median rate, the ratio of those medians, and the per-round
 * ratio ours/PerfTest (both sides of a round ran back to back, so what the machine did then hit both):
 * its median, its smallest value, and a 95% percentile-bootstrap interval of its median that redraws
 * rounds with replacement, {@value #RESAMPLES} times from a fixed seed, so a rerun prints the same
 * interval. With 6 rounds the median of a redraw can only be a round's ratio or the midpoint of two: the
 * interval is coarse, and with 2 or 3 rounds little more than their range.
 */
record RoundRatios(double perfTestMedian, double oursMedian, double ratioOfMedians, double[] ratios,
    double medianRatio, Interval interval, double minRatio) {

  static final int RESAMPLES = 10_000;
  static final long SEED = 13;

  /** Rounds where either side is missing (NaN) are left out. */
  static RoundRatios of(double[] perfTest, double[] ours) {
    if (perfTest.length != ours.length) {
      throw new IllegalArgumentException("both sides need a rate for every round: " + perfTest.length + " against "
          + ours.length);
    }
    double[] ratios = new double[perfTest.length];
    for (int r = 0; r < ratios.length; r++) {
      ratios[r] = ours[r] / perfTest[r];
    }
    double[] usable = Arrays.stream(ratios).filter(Double::isFinite).toArray();
    double perfMedian = median(perfTest);
    double oursMedian = median(ours);
    return new RoundRatios(perfMedian, oursMedian, oursMedian / perfMedian, ratios, median(usable),
        bootstrapMedian(usable, SEED), usable.length == 0 ? Double.NaN : Arrays.stream(usable).min().getAsDouble());
  }

  /** The median of the values that are not NaN (commons-math3: the mean of the middle two for an even count). */
  static double median(double[] values) {
    double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    return known.length == 0 ? Double.NaN : new Median().evaluate(known);
  }

  /** The 2.5th and 97.5th percentiles of the medians of {@value #RESAMPLES} redraws of {@code values}. */
  static Interval bootstrapMedian(double[] values, long seed) {
    if (values.length < 2) {
      return new Interval(Double.NaN, Double.NaN);
    }
    RandomGenerator random = new MersenneTwister(seed);
    Median median = new Median();
    double[] redraw = new double[values.length];
    double[] medians = new double[RESAMPLES];
    for (int i = 0; i < RESAMPLES; i++) {
      for (int k = 0; k < redraw.length; k++) {
        redraw[k] = values[random.nextInt(values.length)];
      }
      medians[i] = median.evaluate(redraw);
    }
    Percentile percentile = new Percentile();
    return new Interval(percentile.evaluate(medians, 2.5), percentile.evaluate(medians, 97.5));
  }
}
