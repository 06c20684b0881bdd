package org.rabbitmqjmh.jmh;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.rabbitmqjmh.engine.Latency;

/**
 * The distributions and maxima of the running trial, by name, for {@link LatencyProfiler} to report.
 * They cannot be {@code @AuxCounters}: JMH sums those over threads and iterations, and a sum of
 * percentiles or of maxima means nothing. A fork runs one trial, so a static registry is per trial.
 */
public final class TrialMetrics {

  private static final Map<String, Latency> LATENCIES = new ConcurrentHashMap<>();
  private static final Map<String, AtomicLong> MAXIMA = new ConcurrentHashMap<>();

  private TrialMetrics() {
  }

  /** The latency distribution of that name (nanoseconds), shared by all threads of the trial. */
  public static Latency latency(String name) {
    return LATENCIES.computeIfAbsent(name, n -> new Latency());
  }

  /** Raises the maximum of that name to {@code value} if it is larger. */
  public static void max(String name, long value) {
    MAXIMA.computeIfAbsent(name, n -> new AtomicLong(Long.MIN_VALUE)).accumulateAndGet(value, Math::max);
  }

  /** Forgets everything recorded so far: called when measurement starts, so warmup does not count. */
  static void reset() {
    LATENCIES.values().forEach(Latency::reset);
    MAXIMA.values().forEach(m -> m.set(Long.MIN_VALUE));
  }

  static Map<String, Latency> latencies() {
    return new TreeMap<>(LATENCIES);
  }

  static Map<String, Long> maxima() {
    Map<String, Long> m = new TreeMap<>();
    MAXIMA.forEach((k, v) -> {
      if (v.get() != Long.MIN_VALUE) {
        m.put(k, v.get());
      }
    });
    return m;
  }
}
