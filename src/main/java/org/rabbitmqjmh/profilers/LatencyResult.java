package org.rabbitmqjmh.profilers;

import java.util.Collection;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.Aggregator;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ResultRole;
import org.rabbitmqjmh.engine.timing.Latency;

/**
 * One percentile of a latency distribution, in microseconds, that aggregates the right way: JMH merges
 * results over threads, iterations and forks through this class's aggregators, which add the
 * histograms, so the score is the percentile of all measured values, never an average of percentiles.
 * (A plain ScalarResult reported once per fork would also be averaged with JMH's zero results for the
 * other iterations.)
 */
public final class LatencyResult extends Result<LatencyResult> {

    private static final long serialVersionUID = 1L;

    private final Histogram histogram;
    private final double percentile;

    public LatencyResult(String label, Histogram histogram, double percentile) {
        super(ResultRole.SECONDARY, label, of(Latency.micros(histogram, percentile)), "us", AggregationPolicy.AVG);
        this.histogram = histogram;
        this.percentile = percentile;
    }

    @Override
    public double getScore() {
        return Latency.micros(histogram, percentile);
    }

    @Override
    protected Aggregator<LatencyResult> getThreadAggregator() {
        return LatencyResult::merge;
    }

    @Override
    protected Aggregator<LatencyResult> getIterationAggregator() {
        return LatencyResult::merge;
    }

    private static LatencyResult merge(Collection<LatencyResult> results) {
        Histogram all = null;
        String label = null;
        double p = 50;
        for (LatencyResult r : results) {
            if (all == null) {
                all = r.histogram.copy();
                label = r.label;
                p = r.percentile;
            } else {
                all.add(r.histogram);
            }
        }
        return new LatencyResult(label, all, p);
    }
}
