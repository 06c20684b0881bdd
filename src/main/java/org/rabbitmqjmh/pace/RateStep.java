package org.rabbitmqjmh.pace;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.rabbitmqjmh.engine.timing.Latency;

/**
 * One step of the search for the highest sustainable rate: a fresh queue, the producer paced at
 * {@code rate} (latency from each message's intended send time), a consumer with no limit of its own;
 * after a warm-up, a full window measured. It passes when, over the window, the producer kept its
 * schedule (within {@value #RATE_TOLERANCE}), the queue did not grow (by more than a second's worth of a
 * hundredth of the rate, or the consumer's prefetch, whichever is larger) and both p99s stayed under
 * their bounds.
 */
public record RateStep(
        double rate,
        double achieved,
        long depthStart,
        long depthEnd,
        double confirmP99Micros,
        double e2eP99Micros,
        String failure) {

    static final double RATE_TOLERANCE = 0.05;

    /** What a step must meet. */
    public record Bounds(double confirmP99Micros, double e2eP99Micros, Duration warmup, Duration window) {}

    public boolean passed() {
        return failure == null;
    }

    /** Runs one step against the broker at {@code uri}. */
    public static RateStep run(URI uri, PaceSettings base, double rate, Bounds bounds) throws InterruptedException {
        PaceSettings settings = new PaceSettings(
                rate,
                1_000_000,
                base.messageSize(),
                base.prefetch(),
                base.confirmWindow(),
                BackPressure.CONFIRMS,
                base.maxLength(),
                base.queueType());
        try (PaceRun run = PaceRun.start(
                uri, settings, new Latency(), true, bounds.window().plus(bounds.warmup()))) {
            Thread.sleep(bounds.warmup().toMillis());
            run.latency().reset();
            run.confirmLatency().reset();
            long published = run.counts().published();
            long depthStart = run.depth();
            long start = System.nanoTime();
            Thread.sleep(bounds.window().toMillis());
            double seconds = (System.nanoTime() - start) / 1e9;
            double achieved = (run.counts().published() - published) / seconds;
            long depthEnd = run.depth();
            Histogram confirm = run.confirmLatency().histogram();
            Histogram e2e = run.latency().histogram();
            RateStep measured = new RateStep(
                    rate, achieved, depthStart, depthEnd, Latency.micros(confirm, 99), Latency.micros(e2e, 99), null);
            return measured.judged(bounds, base.prefetch(), run.failure());
        }
    }

    /** This step with its verdict: the first bound it broke, or none. */
    RateStep judged(Bounds bounds, int prefetch, String runFailure) {
        String why = runFailure;
        long slack = Math.max(prefetch, Math.round(rate / 100));
        if (why == null && achieved < rate * (1 - RATE_TOLERANCE)) {
            why = String.format(Locale.ROOT, "the producer fell behind: %.0f of %.0f msg/s", achieved, rate);
        } else if (why == null && depthEnd - depthStart > slack) {
            why = String.format(
                    Locale.ROOT,
                    "the queue grew by %d messages in the window (allowed: %d)",
                    depthEnd - depthStart,
                    slack);
        } else if (why == null && !(confirmP99Micros <= bounds.confirmP99Micros())) {
            why = String.format(
                    Locale.ROOT,
                    "confirm p99 %.0f µs over the bound %.0f µs",
                    confirmP99Micros,
                    bounds.confirmP99Micros());
        } else if (why == null && !(e2eP99Micros <= bounds.e2eP99Micros())) {
            why = String.format(
                    Locale.ROOT, "end-to-end p99 %.0f µs over the bound %.0f µs", e2eP99Micros, bounds.e2eP99Micros());
        }
        return new RateStep(rate, achieved, depthStart, depthEnd, confirmP99Micros, e2eP99Micros, why);
    }

    public static final String CSV_HEADER = "rate,achieved,depth_start,depth_end,confirm_p99_us,e2e_p99_us,verdict";

    public String csvLine() {
        return String.format(
                Locale.ROOT,
                "%.0f,%.1f,%d,%d,%.1f,%.1f,%s",
                rate,
                achieved,
                depthStart,
                depthEnd,
                confirmP99Micros,
                e2eP99Micros,
                passed() ? "pass" : "\"" + failure.replace("\"", "'") + "\"");
    }

    /** A step read back from its {@link #csvLine()}. */
    static RateStep ofCsvLine(String line) {
        String[] f = line.split(",", 7);
        String verdict = f[6].equals("pass") ? null : f[6].replaceAll("^\"|\"$", "");
        return new RateStep(
                Double.parseDouble(f[0]),
                Double.parseDouble(f[1]),
                Long.parseLong(f[2]),
                Long.parseLong(f[3]),
                Double.parseDouble(f[4]),
                Double.parseDouble(f[5]),
                verdict);
    }
}
