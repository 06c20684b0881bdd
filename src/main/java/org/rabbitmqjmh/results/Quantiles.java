package org.rabbitmqjmh.results;

import java.util.Arrays;
import java.util.Collection;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The suite's one way to take a percentile of a sample: JMH's, so a percentile we compute means what a
 * {@code scorePercentiles} entry of JMH's JSON means. JMH takes commons-math3's {@link Percentile} with its
 * default estimation (interpolating between order statistics) and the minimum for 0; a median is the
 * 50th percentile, so the mean of the middle two for an even count. NaN values are left out; an empty
 * sample has NaN for every percentile.
 *
 * <p>Latency percentiles are not taken here: they come from HdrHistogram, whose histograms hold no sample
 * to take a percentile of, only counts per bucket.
 */
public final class Quantiles {

    private Quantiles() {}

    /** The p-th percentile, 0 &le; p &le; 100. */
    public static double percentile(double[] values, double p) {
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile " + p + " is out of range; allowed: 0 to 100");
        }
        double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        if (known.length == 0) {
            return Double.NaN;
        }
        return p == 0 ? Arrays.stream(known).min().getAsDouble() : new Percentile().evaluate(known, p);
    }

    public static double percentile(Collection<Double> values, double p) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), p);
    }

    public static double median(double[] values) {
        return percentile(values, 50);
    }

    public static double median(Collection<Double> values) {
        return percentile(values, 50);
    }
}
