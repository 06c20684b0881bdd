package org.rabbitmqjmh.results;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;

/**
 * {@code quick-table RUN}: a one-fork quick run as results/README.md shows it, one row per trial: how it
 * differs from the publish base point (16 B, transient, classic queue and socket IO, async window of
 * 100, recording on; other benchmarks show all their params), the median of its measurement iterations,
 * and its confirm and end-to-end p50 / p99 (JMH's merged histograms). {@code --ratios}: instead, each
 * throughput trial's score (ops/s) over the base point's (what the README's reading of the table rests on: the broker
 * hop against the in-memory ceiling, unary confirms against a window). Exit 0, or 2 on unusable input.
 * Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.QuickTable results/quick-cbcc270}
 */
public final class QuickTable {

    private static final String USAGE = "usage: quick-table [--ratios] RUN  (a run folder or JMH JSON file; --ratios: "
            + "each throughput trial's score over the base point's)";
    private static final OptionParser PARSER = new OptionParser(false);
    private static final OptionSpec<Void> RATIOS = PARSER.accepts("ratios");
    private static final String PUBLISH = "PublishBenchmark.publish";
    /** The quick profile's base point of PublishBenchmark, as its trials are named. */
    private static final Map<String, String> BASE_POINT = params(
            "messageSize=16 delivery=transient queueType=classic socketIo=classic confirm=async-window batch=100 recording=on");

    private static final List<String> LATENCIES = List.of("confirm.p50", "confirm.p99", "e2e.p50", "e2e.p99");

    private QuickTable() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<JmhResult> rows;
        boolean ratios;
        try {
            OptionSet o = CommandLine.parse(PARSER, args, "--ratios", USAGE);
            if (o.nonOptionArguments().size() != 1) {
                throw new BadInputException(USAGE);
            }
            ratios = o.has(RATIOS);
            rows = JmhJson.read(Path.of(o.nonOptionArguments().get(0).toString()), LATENCIES::contains);
        } catch (BadInputException e) {
            err.println("quick-table: " + e.getMessage());
            return 2;
        }
        // The score rows in file order, each with its latencies by metric name.
        Map<String, Map<String, JmhResult>> trials = new LinkedHashMap<>();
        for (JmhResult r : rows) {
            String trial =
                    r.key().benchmark().replaceFirst(":.*", "") + " " + r.key().paramsLabel();
            trials.computeIfAbsent(trial, t -> new LinkedHashMap<>())
                    .put(r.key().metric(), r);
        }
        if (ratios) {
            ratios(trials, out);
            return 0;
        }
        out.println("| benchmark | differs from the base point | score (median of iterations) | confirm p50 / p99 µs "
                + "| end-to-end p50 / p99 µs |");
        out.println("|---|---|---:|---:|---:|");
        for (Map<String, JmhResult> t : trials.values()) {
            JmhResult score = t.get("");
            if (score == null || !score.hasSamples()) {
                continue;
            }
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %,.0f %s | %s / %s | %s / %s |%n",
                    benchmarkName(score.key()),
                    differs(score.key()),
                    median(score),
                    score.unit(),
                    latency(t, "confirm.p50"),
                    latency(t, "confirm.p99"),
                    latency(t, "e2e.p50"),
                    latency(t, "e2e.p99"));
        }
        return 0;
    }

    /** Each throughput trial's median score over the base point's (the in-memory one included: its ceiling). */
    private static void ratios(Map<String, Map<String, JmhResult>> trials, PrintStream out) {
        Map<JmhResult, Double> medians = new LinkedHashMap<>();
        JmhResult base = null;
        for (Map<String, JmhResult> t : trials.values()) {
            JmhResult score = t.get("");
            if (score != null && score.hasSamples() && score.unit().equals("ops/s")) {
                medians.put(score, median(score));
                base = differs(score.key()).equals("base point") ? score : base;
            }
        }
        out.println("| benchmark | differs from the base point | score ÷ the base point's |");
        out.println("|---|---|---:|");
        if (base == null) {
            return;
        }
        double baseMedian = medians.get(base);
        medians.forEach((score, median) -> out.printf(
                Locale.ROOT,
                "| %s | %s | %.2f |%n",
                benchmarkName(score.key()),
                differs(score.key()),
                median / baseMedian));
    }

    private static double median(JmhResult score) {
        return Quantiles.median(
                Arrays.stream(score.samples()).flatMapToDouble(Arrays::stream).toArray());
    }

    private static String benchmarkName(BenchmarkKey key) {
        return key.shortName().replaceFirst("\\.[^.]*$", "");
    }

    private static String differs(BenchmarkKey key) {
        if (!key.shortName().equals(PUBLISH)) {
            return key.paramsLabel();
        }
        String d = key.params().entrySet().stream()
                .filter(e -> !e.getValue().equals(BASE_POINT.get(e.getKey())))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        return d.isEmpty() ? "base point" : d;
    }

    /** Below 10 µs two decimals (the in-memory queue's sub-µs confirms), above whole µs. */
    private static String latency(Map<String, JmhResult> trial, String metric) {
        JmhResult r = trial.get(metric);
        if (r == null || !Double.isFinite(r.score())) {
            return "n/a";
        }
        return r.score() < 10
                ? String.format(Locale.ROOT, "%.2f", r.score())
                : String.format(Locale.ROOT, "%,.0f", r.score());
    }

    /** {@code a=1 b=2} as a map. */
    private static Map<String, String> params(String spaced) {
        return Arrays.stream(spaced.split(" "))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toUnmodifiableMap(p -> p[0], p -> p[1]));
    }
}
