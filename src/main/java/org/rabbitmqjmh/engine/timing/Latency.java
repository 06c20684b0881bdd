package org.rabbitmqjmh.engine.timing;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A latency distribution in nanoseconds, recorded wait-free from any thread (HdrHistogram's
 * {@link Recorder}) and read as a merged {@link Histogram} after the timed work.
 */
public final class Latency {

    /**
     * 1 ns to a minute at 3 significant digits (0.1%): about 0.6 MiB per histogram. Nanosecond
     * resolution because an in-process "confirm" takes well under a microsecond.
     */
    private static final int DIGITS = 3;

    private static final long HIGHEST_NANOS = 60_000_000_000L;

    private final Recorder recorder = new Recorder(1, HIGHEST_NANOS, DIGITS);
    private final Histogram total = new Histogram(1, HIGHEST_NANOS, DIGITS);

    public void record(long nanos) {
        recorder.recordValue(Math.min(Math.max(nanos, 1), HIGHEST_NANOS));
    }

    /** Everything recorded so far (interval histograms folded into one running total). */
    public synchronized Histogram histogram() {
        total.add(recorder.getIntervalHistogram());
        return total.copy();
    }

    /** What was recorded since the last call (or reset), also kept in the running total. */
    public synchronized Histogram takeInterval() {
        Histogram interval = recorder.getIntervalHistogram();
        total.add(interval);
        return interval;
    }

    /** Forgets what was recorded, e.g. at the end of warmup. */
    public synchronized void reset() {
        recorder.reset();
        total.reset();
    }

    public static double micros(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1_000.0;
    }

    /** "p50 12.3 us, p99 45.6 us, p99.9 78.9 us, max 99.0 us" — for summaries on stderr. */
    public static String summary(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "no samples";
        }
        return String.format(
                "p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us",
                micros(h, 50), micros(h, 99), micros(h, 99.9), h.getMaxValue() / 1_000.0);
    }
}
