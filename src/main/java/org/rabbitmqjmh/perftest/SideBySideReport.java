package org.rabbitmqjmh.perftest;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.rabbitmqjmh.perftest.Measurement.Side;
import org.rabbitmqjmh.results.Quantiles;
import org.rabbitmqjmh.results.compare.RatioBootstrap;

/**
 * side-by-side.csv (one row per scenario, round and side, every number as measured, so the headline
 * ratios can be recomputed) and side-by-side.md (the headline per scenario, the rounds, what each side
 * ran, what still differs, and how the run was made).
 */
final class SideBySideReport {

    static final String CSV_HEADER = "scenario,round,side,order,rate_msg_s,confirm_p50_us,queue_depth_max";

    /** How the run was made, for the report's last section; every string already masked. */
    record Run(
            SideBySideSettings settings,
            String command,
            List<String> perfTestClasspath,
            String perfTestVersion,
            String ourClientVersion,
            String broker,
            String cpus,
            String jdk,
            List<String> perfTestCommands,
            List<String> remarks) {}

    private SideBySideReport() {}

    static void writeCsv(Path file, List<Measurement> rows) throws IOException {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (Measurement m : rows) {
            b.append(String.join(
                            ",",
                            m.scenario().key(),
                            Integer.toString(m.round()),
                            m.side().key(),
                            Integer.toString(m.order()),
                            exact(m.rate()),
                            exact(m.confirmP50()),
                            exact(m.queueDepthMax())))
                    .append('\n');
        }
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }

    /** The double as measured, without exponent; empty for NaN. */
    private static String exact(double v) {
        return Double.isNaN(v) ? "" : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** The rates of {@code side} in {@code scenario}, indexed by round - 1 (NaN for a round not measured). */
    static double[] values(List<Measurement> rows, Scenario scenario, Side side, int rounds, boolean latency) {
        double[] v = new double[rounds];
        Arrays.fill(v, Double.NaN);
        for (Measurement m : rows) {
            if (m.scenario() == scenario && m.side() == side) {
                v[m.round() - 1] = latency ? m.confirmP50() : m.rate();
            }
        }
        return v;
    }

    static String markdown(List<Measurement> rows, Run run) {
        SideBySideSettings s = run.settings();
        StringBuilder b = new StringBuilder();
        appendHeadline(b, rows, s);
        appendRounds(b, rows, s);
        appendWhatEachSideRan(b, run, s);
        appendWhatStillDiffers(b, run, s);
        appendHowItWasRun(b, run);
        return b.toString();
    }

    /** The title, the headline table (medians and ratios per scenario) and what its interval is. */
    private static void appendHeadline(StringBuilder b, List<Measurement> rows, SideBySideSettings s) {
        b.append("# rabbitmq-jmh beside PerfTest\n\n");
        b.append(String.format(
                Locale.ROOT,
                "%d rounds on one broker. Per scenario and round each side runs once, "
                        + "back to back, the first alternating with round and scenario; each drops its first %d s (warm-up) and "
                        + "measures the next %d s. Ratio = rabbitmq-jmh / PerfTest.%n%n",
                s.rounds(),
                s.warmup(),
                s.seconds()));
        b.append(headlineTable(rows, s.scenarios(), s.rounds()));
        b.append(String.format(
                Locale.ROOT,
                "%nThe interval is of the ratio of mean rates: rounds redrawn with "
                        + "replacement as pairs (both sides of a round ran back to back), %,d times, seed %d, widened for few "
                        + "rounds; the interval `compare` gives an interleaved run.%n",
                RatioBootstrap.RESAMPLES,
                RoundRatios.SEED));
    }

    /** The headline table: per scenario, both sides' medians and the ratios, one place for report and figures. */
    static String headlineTable(List<Measurement> rows, List<Scenario> scenarios, int rounds) {
        StringBuilder b = new StringBuilder("| scenario | PerfTest msg/s (median) | rabbitmq-jmh msg/s (median) "
                + "| ratio of medians | per-round ratio: median | min per-round ratio | ratio of means [95% interval] "
                + "| confirm p50 µs PerfTest (median) | confirm p50 µs rabbitmq-jmh (median) |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Scenario sc : scenarios) {
            RoundRatios r = RoundRatios.of(
                    values(rows, sc, Side.PERFTEST, rounds, false), values(rows, sc, Side.RABBITMQ_JMH, rounds, false));
            double perfP50 = Quantiles.median(values(rows, sc, Side.PERFTEST, rounds, true));
            double ourP50 = Quantiles.median(values(rows, sc, Side.RABBITMQ_JMH, rounds, true));
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s %s | %s | %s |%n",
                    sc.key(),
                    rate(r.perfTestMedian()),
                    rate(r.oursMedian()),
                    ratio(r.ratioOfMedians()),
                    ratio(r.medianRatio()),
                    ratio(r.minRatio()),
                    ratio(r.ratioOfMeans()),
                    r.interval().known()
                            ? "[" + ratio(r.interval().low()) + ", "
                                    + ratio(r.interval().high()) + "]"
                            : "[n/a]",
                    sc.confirms() ? rate(perfP50) : "n/a",
                    sc.confirms() ? rate(ourP50) : "n/a"));
        }
        return b.toString();
    }

    /** Every round of every scenario, both sides' numbers as measured. */
    private static void appendRounds(StringBuilder b, List<Measurement> rows, SideBySideSettings s) {
        b.append("\n## Rounds\n\n").append(roundsTable(rows, s.scenarios(), s.rounds()));
    }

    /** The rounds table: every round of every scenario, both sides' numbers as measured. */
    static String roundsTable(List<Measurement> rows, List<Scenario> scenarios, int rounds) {
        StringBuilder b = new StringBuilder();
        b.append("| scenario | round | first | PerfTest msg/s | rabbitmq-jmh msg/s | ratio "
                + "| PerfTest confirm p50 µs | rabbitmq-jmh confirm p50 µs | PerfTest queue depth max "
                + "| rabbitmq-jmh queue depth max |\n|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Scenario sc : scenarios) {
            for (int round = 1; round <= rounds; round++) {
                Measurement p = find(rows, sc, round, Side.PERFTEST);
                Measurement o = find(rows, sc, round, Side.RABBITMQ_JMH);
                if (p == null && o == null) {
                    continue;
                }
                double pr = p == null ? Double.NaN : p.rate();
                double or = o == null ? Double.NaN : o.rate();
                String first =
                        p != null && p.order() == 1 ? "PerfTest" : o != null && o.order() == 1 ? "rabbitmq-jmh" : "";
                b.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        sc.key(),
                        round,
                        first,
                        rate(pr),
                        rate(or),
                        ratio(or / pr),
                        p == null ? "" : rate(p.confirmP50()),
                        o == null ? "" : rate(o.confirmP50()),
                        p == null ? "" : rate(p.queueDepthMax()),
                        o == null ? "" : rate(o.queueDepthMax())));
            }
        }
        return b.toString();
    }

    private static void appendWhatEachSideRan(StringBuilder b, Run run, SideBySideSettings s) {
        b.append("\n## What each side ran\n\n");
        for (int i = 0; i < s.scenarios().size(); i++) {
            Scenario sc = s.scenarios().get(i);
            b.append(String.format(
                    Locale.ROOT,
                    "- **%s** (%s). PerfTest: `%s`, its per-second \"%s\" rate. "
                            + "rabbitmq-jmh: `%s %s`, 1 fork, %d × 1 s warmup and %d × 1 s measurement iterations, score = JMH's "
                            + "primary score.%n",
                    sc.key(),
                    sc.title(),
                    run.perfTestCommands().get(i),
                    sc.perfTestRate(),
                    sc.benchmark(),
                    sc.jmhParams(),
                    s.warmup(),
                    s.seconds()));
        }
        b.append("\nSame on both sides: one broker, the benchmark CPUs, 16 B transient messages through the default "
                + "exchange, 1 publisher and 1 consumer on connections of their own, classic socket IO, the same queue "
                + "arguments (PerfTest is given a queue we declare as our benchmark declares its own: "
                + "x-max-length 200000, x-max-length-bytes 134217728, x-overflow drop-head for the publish scenarios; "
                + "no bound for the consume scenario), auto-ack or ack-each consumers as named, mandatory publishing "
                + "where confirms are on.\n");
    }

    private static void appendWhatStillDiffers(StringBuilder b, Run run, SideBySideSettings s) {
        b.append("\n## What still differs\n\n");
        b.append("- **Client library**: each side its own amqp-client: PerfTest the one it ships with (see its version "
                + "below), rabbitmq-jmh " + run.ourClientVersion() + ".\n");
        b.append("- **Harness**: ours is a JMH fork (1 s iterations, a benchmark call per message, per-message timing "
                + "rows kept; with confirms every iteration starts with the confirm window already full, so the score is "
                + "the confirmed rate); PerfTest counts events per 1 s tick of its own scheduler. Neither counts its JVM "
                + "start or connection setup. PerfTest builds a body and properties per message; ours reuses them.\n");
        b.append("- **Queue depth sampling**: 5 a second on both sides; ours inside the benchmark JVM, PerfTest's from "
                + "this launcher's JVM (on the same CPUs).\n");
        b.append("- **Confirm p50**: ours is the p50 of every measured confirm (HdrHistogram); PerfTest's is the "
                + "median over the measured seconds of its per-second p50, each from a 1,028-value decaying reservoir "
                + "sample of that second.\n");
        if (s.scenarios().contains(Scenario.CONSUME_PREFETCH_100)) {
            b.append("- **consume-prefetch-100**: our producer (window of 500, mandatory, in the benchmark JVM on a "
                    + "connection of its own) keeps the queue 5,000–10,000 deep and waits while it is full, so the "
                    + "consumer never starves and has the CPU to itself then; PerfTest's producer, with the same window, "
                    + "has no depth to follow and publishes as fast as it can all the time, competing with its consumer "
                    + "for the same CPUs, and its queue grows or empties (see its queue depth column). Our score counts "
                    + "messages consumed and acked in 100-message calls; PerfTest's \"received\" counts deliveries as its "
                    + "consumer handles them (it acks each).\n");
        }
        for (String remark : run.remarks()) {
            b.append("- ").append(remark).append('\n');
        }
    }

    private static void appendHowItWasRun(StringBuilder b, Run run) {
        b.append("\n## How it was run\n\n```sh\n").append(run.command()).append("\n```\n\n");
        b.append("`$PERFTEST_CP`: `")
                .append(String.join(":", run.perfTestClasspath()))
                .append("`\n\n");
        b.append("- PerfTest: ")
                .append(String.join("; ", run.perfTestVersion().lines().toList()))
                .append('\n');
        b.append("- ").append(run.broker()).append('\n');
        b.append("- ").append(run.cpus()).append('\n');
        b.append("- JDK: ").append(run.jdk()).append('\n');
        b.append(
                "- Files: `side-by-side.csv` (every number above, unrounded), `perftest/<scenario>-round-<k>.txt` "
                        + "(PerfTest's whole output, after one line with its command), `rabbitmq-jmh/<scenario>-round-<k>.json` "
                        + "and `.txt` (JMH's JSON and log of that round), `rabbitmq-jmh.json` (every round's JSON together).\n");
    }

    private static Measurement find(List<Measurement> rows, Scenario sc, int round, Side side) {
        return rows.stream()
                .filter(m -> m.scenario() == sc && m.round() == round && m.side() == side)
                .findFirst()
                .orElse(null);
    }

    static String rate(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String ratio(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
    }
}
