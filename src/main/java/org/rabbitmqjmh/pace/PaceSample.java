package org.rabbitmqjmh.pace;

import java.util.Locale;

/**
 * One second of a pace run: rates over the second, depth and oldest-message age at its end, end-to-end
 * latency percentiles of the messages consumed in it (milliseconds, from each message's intended send
 * time; NaN when none was consumed), nacks and drop-head losses in it, whether the producer was blocked at its end and for
 * how long within it. {@code totals} holds the running counts at its end.
 */
public record PaceSample(
        long second,
        String phase,
        double producerRate,
        double targetRate,
        double consumerRate,
        long depth,
        double oldestAgeMs,
        double latencyP50Ms,
        double latencyP99Ms,
        long nacks,
        long dropped,
        boolean blocked,
        double blockedMs,
        PaceCounts totals) {

    public static final String CSV_HEADER = "second,phase,producer_rate,target_rate,consumer_rate,queue_depth,"
            + "oldest_age_ms,latency_p50_ms,latency_p99_ms,nacks,dropped,blocked,blocked_ms";

    public String csvLine() {
        return String.format(
                Locale.ROOT,
                "%d,%s,%.0f,%.0f,%.0f,%d,%.0f,%s,%s,%d,%d,%d,%.0f",
                second,
                phase,
                producerRate,
                targetRate,
                consumerRate,
                depth,
                oldestAgeMs,
                cell(latencyP50Ms),
                cell(latencyP99Ms),
                nacks,
                dropped,
                blocked ? 1 : 0,
                blockedMs);
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
    }
}
