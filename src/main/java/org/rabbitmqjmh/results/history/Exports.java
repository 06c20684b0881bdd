package org.rabbitmqjmh.results.history;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import org.rabbitmqjmh.results.Direction;
import org.rabbitmqjmh.results.JmhResult;

/**
 * A run's results in the formats other services read, every row included (the score, each cost per
 * message and each latency percentile compare and the history know), so a team already on one of them
 * gets the rows JMH's own adapters drop:
 * <ul>
 *   <li>github-action-benchmark's custom format: a list of {@code {name, unit, value, range, extra}}.
 *       The action reads one direction per file ({@code tool: customBiggerIsBetter} or
 *       {@code customSmallerIsBetter}), so the rows are split into two lists by {@link Direction}. Its
 *       JMH adapter reads the primary score only.</li>
 *   <li>Bencher Metric Format: {@code {benchmark: {measure: {value, lower_value, upper_value}}}}, one
 *       benchmark per row and params, one measure per metric (the score is {@code throughput}, Bencher's
 *       own ops/s measure, when its unit is ops/s); the bounds are the smallest and largest fork mean.</li>
 * </ul>
 */
final class Exports {

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private Exports() {}

    /** github-action-benchmark's custom JSON of the rows going {@code direction}. */
    static String githubActionBenchmark(List<JmhResult> results, Direction direction) {
        JsonArray entries = new JsonArray();
        for (JmhResult r : results) {
            if (r.direction() != direction || !Double.isFinite(r.score())) {
                continue;
            }
            HistoryRecord.Row row = HistoryRecord.Row.of(r);
            JsonObject e = new JsonObject();
            e.addProperty("name", benchmarkName(r) + (row.metric().isEmpty() ? "" : " :: " + row.metric()));
            e.addProperty("unit", r.unit());
            e.addProperty("value", r.score());
            if (Double.isFinite(r.scoreError())) {
                e.addProperty("range", String.format(Locale.ROOT, "± %.4g", r.scoreError()));
            }
            e.addProperty(
                    "extra",
                    "fork means: "
                            + row.forks().stream()
                                    .map(v -> String.format(Locale.ROOT, "%.4g", v))
                                    .toList() + "; mode " + r.key().mode());
            entries.add(e);
        }
        return GSON.toJson(entries) + "\n";
    }

    /** Bencher Metric Format of every row. */
    static String bencher(List<JmhResult> results) {
        JsonObject root = new JsonObject();
        for (JmhResult r : results) {
            if (!Double.isFinite(r.score())) {
                continue;
            }
            HistoryRecord.Row row = HistoryRecord.Row.of(r);
            String name = benchmarkName(r);
            JsonObject benchmark = root.has(name) ? root.getAsJsonObject(name) : new JsonObject();
            root.add(name, benchmark);
            JsonObject metric = new JsonObject();
            metric.addProperty("value", r.score());
            if (!row.forks().isEmpty()) {
                metric.addProperty(
                        "lower_value",
                        row.forks().stream()
                                .mapToDouble(Double::doubleValue)
                                .min()
                                .orElseThrow());
                metric.addProperty(
                        "upper_value",
                        row.forks().stream()
                                .mapToDouble(Double::doubleValue)
                                .max()
                                .orElseThrow());
            }
            benchmark.add(measure(row), metric);
        }
        return GSON.toJson(root) + "\n";
    }

    /** {@code PublishBenchmark.publish confirm=unary messageSize=16 ...}: the row without its metric. */
    private static String benchmarkName(JmhResult r) {
        String metric = r.key().metric();
        String name = r.key().nameAndParams();
        return metric.isEmpty() ? name : name.replace(":" + metric, "");
    }

    /** The Bencher measure slug: {@code throughput} for an ops/s score, else the metric in kebab case. */
    static String measure(HistoryRecord.Row row) {
        if (row.metric().isEmpty()) {
            return row.unit().startsWith("ops/") ? "throughput" : "score-" + slug(row.unit());
        }
        return slug(row.metric());
    }

    private static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
