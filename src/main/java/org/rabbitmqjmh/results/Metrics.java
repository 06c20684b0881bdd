package org.rabbitmqjmh.results;

import java.util.regex.Pattern;

/**
 * Which of a benchmark's metrics are rows of {@code compare} and {@code calibration}, and which of those
 * rows can fail a comparison (gated). Every row has its own direction ({@link Direction}) and its own
 * noise floor; a row that is not gated is printed and judged, but a "slower" there fails nothing.
 *
 * <p>Rows: the score; each cost per message ({@code cost.*}, jmh.CostProfiler); the median and 99th
 * percentile of each latency ({@code confirm.p50}, {@code e2e.p99}, jmh.LatencyProfiler). The 99.9th
 * percentile and the counts are left in the JSON: the first is a handful of samples per second, the
 * second are the cross-check's, which fails a trial itself.
 *
 * <p>Gated, and what each catches (results/noise/README.md, results/gate/README.md):
 * <ul>
 *   <li>the score: anything that makes the work slower, on either side of the socket;</li>
 *   <li>{@code cost.client.alloc}: client code that copies, boxes or buffers more (cv ≤ 1.6%);</li>
 *   <li>{@code cost.client.cpu.java}: client code that computes more, on the benchmark's own threads
 *       (cv 1.4–3.7%);</li>
 *   <li>{@code cost.broker.cpu}: the broker, its settings and plugins doing more per message;</li>
 *   <li>{@code *.p50}: latency, which moves with the broker and the network path.</li>
 * </ul>
 * Not gated, and why: {@code cost.client.cpu} (the whole process: the Java threads' CPU plus the JIT and
 * the collector, whose work lands differently in each fork; 2 to 4 times the Java threads' spread, up to
 * 18% a round on the quorum and drain rows) and {@code *.p99} (on 2 shared cores a 1 s iteration's 99th
 * percentile moves 9–63% a round between forks of one build), and {@code cost.client.cpu.user} (the
 * user-mode part of the Java threads' CPU: it answers a change in client code twice as strongly, but
 * the kernel splits user from system time by sampling at its clock tick, which makes it noisier by as
 * much; results/gate/user-cpu). The first two were measured on an A/A run before
 * this rule was set (results/gate/aa-6rounds) and the rule judged on a later one.
 */
public final class Metrics {

  private static final Pattern LATENCY = Pattern.compile("[a-z0-9]+\\.p(50|99)");
  private static final Pattern GATED_LATENCY = Pattern.compile("[a-z0-9]+\\.p50");

  private Metrics() {
  }

  /** Whether a secondary metric of JMH's JSON becomes a row of its own. */
  public static boolean isRow(String secondaryMetric) {
    return secondaryMetric.startsWith("cost.") || LATENCY.matcher(secondaryMetric).matches();
  }

  /** Whether a row's metric ("" for the score) can fail a comparison. */
  public static boolean isGated(String metric) {
    return metric.isEmpty() || metric.equals("cost.client.alloc") || metric.equals("cost.client.cpu.java")
        || metric.equals("cost.broker.cpu") || GATED_LATENCY.matcher(metric).matches();
  }
}
