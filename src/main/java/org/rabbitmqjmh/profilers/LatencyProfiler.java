package org.rabbitmqjmh.profilers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

/**
 * Reports the trial's {@link TrialMetrics} as secondary metrics, after every measurement iteration,
 * each for that iteration alone (warmup is forgotten when measurement starts):
 * <ul>
 *   <li>each latency as p50/p99/p99.9 in µs, {@link LatencyResult}s whose aggregation merges the
 *       histograms, so the run's figure is the percentile over every value measured in all
 *       measurement iterations of all forks;</li>
 *   <li>each maximum with AggregationPolicy.MAX: the largest over iterations and forks;</li>
 *   <li>each mean with AggregationPolicy.AVG: the mean of the iterations' means.</li>
 * </ul>
 * Every iteration reports every metric: JMH fills an iteration that lacks one with a zero, which once
 * divided our figures by the number of iterations. benchmarks.jar adds this profiler to every run.
 */
public final class LatencyProfiler implements InternalProfiler {

    private boolean measuring;

    @Override
    public String getDescription() {
        return "rabbitmq-jmh latency percentiles, maxima and means per iteration";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        if (iterationParams.getType() == IterationType.WARMUP) {
            measuring = false;
        } else if (!measuring) {
            measuring = true;
            TrialMetrics.reset();
        }
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        if (iterationParams.getType() != IterationType.MEASUREMENT) {
            return List.of();
        }
        List<Result> out = new ArrayList<>();
        TrialMetrics.latencies().forEach((name, latency) -> {
            Histogram h = latency.takeInterval();
            HistogramLog.append(benchmarkParams, name, h);
            out.add(new LatencyResult(name + ".p50", h, 50));
            out.add(new LatencyResult(name + ".p99", h, 99));
            out.add(new LatencyResult(name + ".p99.9", h, 99.9));
        });
        TrialMetrics.takeMaxima()
                .forEach((name, value) -> out.add(new ScalarResult(name, value, "max", AggregationPolicy.MAX)));
        TrialMetrics.takeMeans()
                .forEach((name, value) -> out.add(new ScalarResult(name, value, "mean", AggregationPolicy.AVG)));
        return out;
    }
}
