package org.rabbitmqjmh.results;

import java.util.regex.Pattern;
import org.rabbitmqjmh.profilers.CostMetric;

/**
 * Which of a benchmark's metrics are rows of {@code compare} and {@code calibration}, and which of those
 * rows can fail a comparison (gated). Every row has its own direction ({@link Direction}) and its own
 * noise floor; a row that is not gated is printed and judged, but a "slower" there fails nothing.
 *
 * <p>Rows: the score; each cost per message (profilers.CostMetric, which says which costs gate and why); the
 * median and 99th percentile of each latency ({@code confirm.p50}, {@code e2e.p99}, profilers.LatencyProfiler).
 * The 99.9th percentile and the counts are left in the JSON: the first is a handful of samples per
 * second, the second are the cross-check's, which fails a trial itself.
 *
 * <p>Gated: the score (anything that makes the work slower, on either side of the socket), the gated
 * costs, and the latency medians (latency, which moves with the broker and the network path). Not
 * gated: the 99th percentiles (on 2 shared cores a 1 s iteration's 99th percentile moves 9–63% a round
 * between forks of one build; results/gate/aa-6rounds, on which this rule was set, and later A/A runs
 * on which it was judged).
 */
public final class Metrics {

    private static final Pattern LATENCY = Pattern.compile("[a-z0-9]+\\.p(50|99)");
    private static final Pattern GATED_LATENCY = Pattern.compile("[a-z0-9]+\\.p50");

    private Metrics() {}

    /** Whether a secondary metric of JMH's JSON becomes a row of its own. */
    public static boolean isRow(String secondaryMetric) {
        return secondaryMetric.startsWith("cost.")
                || LATENCY.matcher(secondaryMetric).matches();
    }

    /**
     * What a rise of a row's metric ("" or "score" for the score) means where it is gated, or why it is not
     * gated: what the trust table (calibration.TrustTable) says each metric catches.
     */
    public static String meaning(String metric) {
        if (metric.isEmpty() || metric.equals("score")) {
            return "anything that makes the work slower, either side of the socket";
        }
        return CostMetric.named(metric)
                .map(CostMetric::why)
                .orElseGet(() -> GATED_LATENCY.matcher(metric).matches()
                        ? "latency: the broker and the path to it"
                        : LATENCY.matcher(metric).matches() ? "a tail: too few samples a second to gate" : "");
    }

    /** Whether a row's metric ("" for the score) can fail a comparison. */
    public static boolean isGated(String metric) {
        return metric.isEmpty()
                || CostMetric.named(metric).map(CostMetric::gated).orElse(false)
                || GATED_LATENCY.matcher(metric).matches();
    }
}
