package org.rabbitmqjmh.results.merge;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.profilers.HistogramLog;
import org.rabbitmqjmh.results.JmhJson;

/**
 * A worker's run folder as the suite writes it, one trial: jmh-result.json (rates per fork and iteration,
 * the confirm latency percentiles, a message count and a per-message cost), environment.properties with
 * the worker keys, and one confirm latency log per fork, one interval per iteration.
 */
record WorkerFixture(
        int index,
        int count,
        String runId,
        String mode,
        String unit,
        Map<String, String> params,
        double[][] rates,
        Histogram[][] confirm) {

    static final String BENCHMARK = "org.rabbitmqjmh.benchmarks.publish.PublishBenchmark.publish";

    static WorkerFixture of(int index, int count, String runId, double[][] rates, Histogram[][] confirm) {
        return new WorkerFixture(
                index, count, runId, "thrpt", "ops/s", Map.of("confirm", "async-window"), rates, confirm);
    }

    WorkerFixture index(int i) {
        return new WorkerFixture(i, count, runId, mode, unit, params, rates, confirm);
    }

    WorkerFixture runId(String id) {
        return new WorkerFixture(index, count, id, mode, unit, params, rates, confirm);
    }

    WorkerFixture mode(String m, String u) {
        return new WorkerFixture(index, count, runId, m, u, params, rates, confirm);
    }

    WorkerFixture params(Map<String, String> p) {
        return new WorkerFixture(index, count, runId, mode, unit, p, rates, confirm);
    }

    /** Every interval of this worker's log, added up. */
    Histogram confirmTotal() {
        Histogram all = new Histogram(3);
        Arrays.stream(confirm).flatMap(Arrays::stream).forEach(all::add);
        return all;
    }

    double score() {
        return Arrays.stream(rates).flatMapToDouble(Arrays::stream).average().orElseThrow();
    }

    Path write(Path dir) throws IOException {
        return write(dir, true);
    }

    Path write(Path dir, boolean withLogs) throws IOException {
        Files.createDirectories(dir);
        JsonObject entry = new JsonObject();
        entry.addProperty("jmhVersion", "1.37");
        entry.addProperty("benchmark", BENCHMARK);
        entry.addProperty("mode", mode);
        entry.addProperty("threads", 1);
        entry.addProperty("forks", rates.length);
        JsonObject p = new JsonObject();
        params.forEach(p::addProperty);
        entry.add("params", p);
        entry.add("primaryMetric", metric(score(), unit, rates));
        JsonObject secondary = new JsonObject();
        Histogram total = confirmTotal();
        for (String pct : new String[] {"50", "99", "99.9"}) {
            secondary.add("confirm.p" + pct, metric(Latency.micros(total, Double.parseDouble(pct)), "us", null));
        }
        secondary.add("broker.received", metric(total.getTotalCount(), "msgs", null));
        secondary.add("cost.client.cpu", metric(1234.5, "ns/msg", null));
        entry.add("secondaryMetrics", secondary);
        JsonArray root = new JsonArray();
        root.add(entry);
        Files.writeString(
                dir.resolve(JmhJson.RUN_FILE),
                new GsonBuilder().setPrettyPrinting().create().toJson(root));
        Files.writeString(
                dir.resolve("environment.properties"),
                "#rabbitmq-jmh run environment\ncores=2\n" + "worker.index=" + index + "\nworker.count=" + count
                        + "\nworker.run.id=" + runId + "\n");
        if (withLogs) {
            String trial = HistogramLog.trialName(BENCHMARK, params, 1);
            for (int f = 0; f < confirm.length; f++) {
                // a pid per fork, as HistogramLog names its files
                Path log = dir.resolve(HistogramLog.FOLDER)
                        .resolve(trial + ".confirm." + (4000 + 10 * index + f) + ".hlog");
                Files.createDirectories(log.getParent());
                try (PrintStream out = new PrintStream(Files.newOutputStream(log), false, StandardCharsets.UTF_8)) {
                    HistogramLogWriter w = new HistogramLogWriter(out);
                    w.outputLogFormatVersion();
                    w.outputLegend();
                    for (Histogram h : confirm[f]) {
                        w.outputIntervalHistogram(h);
                    }
                }
            }
        }
        return dir;
    }

    private static JsonObject metric(double score, String unit, double[][] raw) {
        JsonObject m = new JsonObject();
        m.addProperty("score", score);
        m.addProperty("scoreError", 1.0);
        JsonArray confidence = new JsonArray();
        confidence.add(score - 1);
        confidence.add(score + 1);
        m.add("scoreConfidence", confidence);
        m.addProperty("scoreUnit", unit);
        if (raw != null) {
            JsonArray forks = new JsonArray();
            for (double[] fork : raw) {
                JsonArray it = new JsonArray();
                Arrays.stream(fork).forEach(it::add);
                forks.add(it);
            }
            m.add("rawData", forks);
        }
        return m;
    }
}
