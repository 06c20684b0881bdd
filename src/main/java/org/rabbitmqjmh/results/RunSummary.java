package org.rabbitmqjmh.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rabbitmqjmh.profilers.CostMetric;

/**
 * The short table a run ends with, one row per trial, read back from the run's JMH JSON (so it says
 * what the file holds): the score with its error, the cost per message, the latency percentiles,
 * whether the broker's own counts witnessed the trial, and what the per-publisher sequence check saw.
 * JMH's tables stay in the log above it.
 */
public final class RunSummary {

    public static final String FILE = "summary.md";

    /** The latency the row shows: end-to-end where measured, else the publisher's confirm. */
    private static final List<String> LATENCIES = List.of("e2e", "confirm", "ack");

    /** The sequence check's counters ({@code TrialMetrics.order}) and how the order column names them. */
    private static final List<Map.Entry<String, String>> ORDER = List.of(
            Map.entry("order.duplicates", "duplicates"),
            Map.entry("order.out-of-order", "out of order"),
            Map.entry("order.redelivered", "redelivered"));

    private RunSummary() {}

    /** Writes {@code summary.md} into {@code runDir} and returns it, with the paths and commands after the table. */
    public static String write(Path runDir, Path jmhJson) throws IOException, BadInputException {
        String text = "# Run summary\n\n"
                + table(JmhJson.read(jmhJson, m -> true)).toMarkdown() + "\n"
                + "- JMH JSON: `" + jmhJson + "`\n"
                + "- charts: `java -cp target/benchmarks.jar org.rabbitmqjmh.results.charts.Report " + runDir + "`\n"
                + "- compare with another run: `java -cp target/benchmarks.jar org.rabbitmqjmh.results.compare.Compare BASE "
                + runDir + "`\n";
        Files.writeString(runDir.resolve(FILE), text, StandardCharsets.UTF_8);
        return text;
    }

    static Table table(List<JmhResult> results) {
        Map<BenchmarkKey, Map<String, JmhResult>> trials = new LinkedHashMap<>();
        for (JmhResult r : results) {
            BenchmarkKey trial = trialOf(r.key());
            trials.computeIfAbsent(trial, k -> new LinkedHashMap<>())
                    .put(r.key().metric(), r);
        }
        Table t = new Table(
                "trial",
                "score>",
                "client CPU/msg>",
                "alloc/msg>",
                "broker CPU/msg>",
                "latency p50 / p99>",
                "broker witness",
                "order");
        trials.forEach((trial, metrics) -> {
            JmhResult score = metrics.get("");
            t.add(
                    trial.label().replace(" " + trial.mode(), ""),
                    score == null
                            ? "-"
                            : Numbers.score(score.score())
                                    // JMH gives no error for a single fork's few iterations (NaN): the score alone
                                    // then.
                                    + (Double.isFinite(score.scoreError())
                                            ? " ± " + Numbers.score(score.scoreError())
                                            : "")
                                    + " "
                                    + score.unit(),
                    cost(metrics.get(CostMetric.CLIENT_CPU_JAVA.metric())),
                    cost(metrics.get(CostMetric.CLIENT_ALLOC.metric())),
                    cost(metrics.get(CostMetric.BROKER_CPU.metric())),
                    latency(metrics, true),
                    witness(metrics),
                    order(metrics));
        });
        return t;
    }

    /** The trial a row belongs to: its key without the ":metric" of a secondary metric. */
    static BenchmarkKey trialOf(BenchmarkKey key) {
        int colon = key.benchmark().indexOf(':');
        return colon < 0 ? key : new BenchmarkKey(key.benchmark().substring(0, colon), key.mode(), key.params());
    }

    private static String cost(JmhResult r) {
        return r == null ? "-" : Numbers.score(r.score()) + " " + r.unit();
    }

    /** The trial's latency p50 / p99, end-to-end where measured, else the confirm's; with its unit if asked. */
    static String latency(Map<String, JmhResult> metrics, boolean withUnit) {
        for (String name : LATENCIES) {
            JmhResult p50 = metrics.get(name + ".p50");
            JmhResult p99 = metrics.get(name + ".p99");
            if (p50 != null && p99 != null) {
                return name + " " + Numbers.score(p50.score()) + " / " + Numbers.score(p99.score())
                        + (withUnit ? " " + p50.unit() : "");
            }
        }
        return "-";
    }

    /**
     * A gap in a publisher's sequence fails the trial, so a scored row that was checked has none: "no gap",
     * and its duplicates, out-of-order and redelivered messages where there were any; "-" where unchecked.
     */
    static String order(Map<String, JmhResult> metrics) {
        List<String> parts = new ArrayList<>();
        boolean checked = false;
        for (Map.Entry<String, String> counter : ORDER) {
            JmhResult r = metrics.get(counter.getKey());
            checked |= r != null;
            if (r != null && r.score() > 0) {
                parts.add((long) r.score() + " " + counter.getValue());
            }
        }
        if (!checked) {
            return "-";
        }
        parts.add(0, "no gap");
        return String.join(", ", parts);
    }

    /** A scored trial that the broker's counts contradicted would have failed: here, whether they were read. */
    private static String witness(Map<String, JmhResult> metrics) {
        JmhResult received = metrics.get("broker.received");
        JmhResult delivered = metrics.get("broker.delivered");
        if (received == null && delivered == null) {
            return "off";
        }
        return "agreed";
    }
}
