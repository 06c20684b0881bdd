package org.rabbitmqjmh.jmh;

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
import org.rabbitmqjmh.engine.Latency;

/**
 * Reports the trial's {@link TrialMetrics} as secondary metrics: for each latency, p50/p99/p99.9 in
 * microseconds of the histogram merged over all measurement iterations of the fork (warmup excluded),
 * reported once, after the last measurement iteration; for each maximum, its value; for each mean, the
 * mean of its observations. Across forks JMH then averages the percentiles and means
 * (AggregationPolicy.AVG: the mean of the forks' values) and takes the largest maximum (MAX). benchmarks.jar adds this profiler to every run.
 */
public final class LatencyProfiler implements InternalProfiler {

  private int measured;

  @Override
  public String getDescription() {
    return "rabbitmq-jmh latency percentiles and maxima of the trial";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    if (iterationParams.getType() == IterationType.WARMUP) {
      measured = 0;
    } else if (measured == 0) {
      TrialMetrics.reset();
    }
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
      IterationResult result) {
    if (iterationParams.getType() != IterationType.MEASUREMENT || ++measured < iterationParams.getCount()) {
      return List.of();
    }
    List<Result> out = new ArrayList<>();
    TrialMetrics.latencies().forEach((name, latency) -> {
      Histogram h = latency.histogram();
      if (h.getTotalCount() > 0) {
        out.add(new ScalarResult(name + ".p50", Latency.micros(h, 50), "us", AggregationPolicy.AVG));
        out.add(new ScalarResult(name + ".p99", Latency.micros(h, 99), "us", AggregationPolicy.AVG));
        out.add(new ScalarResult(name + ".p99.9", Latency.micros(h, 99.9), "us", AggregationPolicy.AVG));
      }
    });
    TrialMetrics.maxima().forEach((name, value) ->
        out.add(new ScalarResult(name, value, "max", AggregationPolicy.MAX)));
    TrialMetrics.means().forEach((name, value) ->
        out.add(new ScalarResult(name, value, "mean", AggregationPolicy.AVG)));
    return out;
  }
}
