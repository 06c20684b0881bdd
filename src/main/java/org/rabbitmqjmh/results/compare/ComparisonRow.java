package org.rabbitmqjmh.results.compare;

import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.Direction;
import org.rabbitmqjmh.results.Interval;
import org.rabbitmqjmh.results.Metrics;

/**
 * One benchmark present in both runs. {@code ratio} is head over base in the scores' own unit, so it is
 * below 1 for a throughput loss and above 1 for a time loss; {@link #verdict} says which is good news.
 * {@code fromSamples} is false when a file had no raw data and the interval came from JMH's score error.
 * {@code thresholdPercent} is the threshold this row was judged by: compare's, or the row's noise floor.
 */
public record ComparisonRow(
        BenchmarkKey key,
        String unit,
        Direction direction,
        double baseScore,
        double headScore,
        double ratio,
        Interval interval,
        boolean fromSamples,
        Verdict verdict,
        double thresholdPercent) {

    /** Whether a "slower" here fails the comparison ({@link Metrics#isGated}). */
    public boolean gated() {
        return Metrics.isGated(key.metric());
    }

    /** Signed change of the score in percent, e.g. -10.0 for a ratio of 0.9. */
    public double changePercent() {
        return (ratio - 1) * 100;
    }
}
