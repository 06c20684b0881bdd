package org.rabbitmqjmh.pace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.rabbitmqjmh.engine.timing.Latency;

/** The final summary of a pace run, in markdown: the settings, one row per phase, and the totals. */
public final class PaceSummary {

    private PaceSummary() {}

    /**
     * {@code finalDepth} and {@code dropped} are read after the producer stopped; {@code samples} and
     * {@code latency} come from the run's {@link PaceMonitor}.
     */
    public static String markdown(
            PaceSettings s,
            String phases,
            List<PaceSample> samples,
            Map<String, Histogram> latency,
            PaceCounts end,
            long finalDepth,
            long dropped) {
        StringBuilder b = new StringBuilder();
        b.append("# Pace matching\n\n");
        b.append(String.format(
                Locale.ROOT,
                "Producer %.0f msg/s against consumer %.0f msg/s; %d B messages, prefetch %d, "
                        + "confirm window %d; back-pressure: %s%s; phases (s): %s.%n%n",
                s.producerRate(),
                s.consumerRate(),
                s.messageSize(),
                s.prefetch(),
                s.confirmWindow(),
                s.backPressure(),
                s.backPressure().overflow().isPresent() ? " (x-max-length " + s.maxLength() + ")" : "",
                phases));
        b.append("| phase | seconds | produced msg/s | consumed msg/s | depth change msg/s | depth at end | max depth "
                + "| latency p50 ms | p99 ms | max ms | nacks | dropped | blocked s |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        appendPhases(b, samples, latency);
        b.append(String.format(
                Locale.ROOT,
                "%nTotals: published %d, confirmed %d, nacked %d, consumed %d, dropped by the "
                        + "broker %d, left in the queue %d; consumed out of order %d, redelivered %d; blocked %d times "
                        + "(unblocked %d), %.1f s in all.%n",
                end.published(),
                end.confirmed(),
                end.nacked(),
                end.consumed(),
                dropped,
                finalDepth,
                end.outOfOrder(),
                end.redelivered(),
                end.blockedEvents(),
                end.unblockedEvents(),
                end.blockedNanos() / 1e9));
        b.append("\nLatency runs from each message's intended send time (its slot in the producer's schedule), so "
                + "time the producer spent blocked or waiting for confirms counts.\n");
        return b.toString();
    }

    /** One row per phase, in the order the phases ran. */
    private static void appendPhases(StringBuilder b, List<PaceSample> samples, Map<String, Histogram> latency) {
        List<String> order = new ArrayList<>();
        samples.forEach(x -> {
            if (!order.contains(x.phase())) {
                order.add(x.phase());
            }
        });
        long depthBefore = 0;
        for (String phase : order) {
            List<PaceSample> in =
                    samples.stream().filter(x -> x.phase().equals(phase)).toList();
            int n = in.size();
            long depthEnd = in.get(n - 1).depth();
            Histogram h = latency.getOrDefault(phase, new Histogram(3));
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.0f | %.0f | %+.0f | %d | %d | %s | %s | %s | %d | %d | %.1f |%n",
                    phase,
                    n,
                    in.stream().mapToDouble(PaceSample::producerRate).average().orElse(0),
                    in.stream().mapToDouble(PaceSample::consumerRate).average().orElse(0),
                    (depthEnd - depthBefore) / (double) n,
                    depthEnd,
                    in.stream().mapToLong(PaceSample::depth).max().orElse(0),
                    ms(h, 50),
                    ms(h, 99),
                    ms(h, 100),
                    in.stream().mapToLong(PaceSample::nacks).sum(),
                    in.stream().mapToLong(PaceSample::dropped).sum(),
                    in.stream().mapToDouble(PaceSample::blockedMs).sum() / 1000));
            depthBefore = depthEnd;
        }
    }

    private static String ms(Histogram h, double percentile) {
        double us = Latency.micros(h, percentile);
        return Double.isNaN(us) ? "–" : String.format(Locale.ROOT, "%.1f", us / 1000);
    }
}
