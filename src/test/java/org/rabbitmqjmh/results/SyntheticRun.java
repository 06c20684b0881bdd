package org.rabbitmqjmh.results;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes JSON shaped like JMH's {@code -rf json} output, with raw data drawn from a known distribution:
 * each fork's level is {@code mean * (1 + forkSpread * N(0,1))}, each iteration that level times
 * {@code (1 + noise * N(0,1))}. The fork spread stands for what differs between JVMs (JIT decisions,
 * memory layout); the noise for what differs between iterations of one JVM.
 */
public final class SyntheticRun {

    /** One benchmark entry of the file. */
    public record Entry(
            String benchmark,
            String mode,
            String unit,
            Map<String, String> params,
            int forks,
            int iterations,
            double mean,
            double noise,
            double forkSpread) {

        public static Entry throughput(String benchmark) {
            return new Entry(benchmark, "thrpt", "ops/s", Map.of(), 2, 5, 10_000, 0.04, 0.0);
        }

        public static Entry averageTime(String benchmark) {
            return new Entry(benchmark, "avgt", "us/op", Map.of(), 2, 5, 100, 0.04, 0.0);
        }

        public Entry params(Map<String, String> p) {
            return new Entry(benchmark, mode, unit, p, forks, iterations, mean, noise, forkSpread);
        }

        public Entry shape(int f, int i) {
            return new Entry(benchmark, mode, unit, params, f, i, mean, noise, forkSpread);
        }

        public Entry mean(double m) {
            return new Entry(benchmark, mode, unit, params, forks, iterations, m, noise, forkSpread);
        }

        public Entry noise(double n, double spread) {
            return new Entry(benchmark, mode, unit, params, forks, iterations, mean, n, spread);
        }
    }

    private SyntheticRun() {}

    public static Path write(Path file, long seed, List<Entry> entries) {
        Random random = new Random(seed);
        JsonArray root = new JsonArray();
        entries.forEach(e -> root.add(entry(e, random)));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(
                    file, new GsonBuilder().setPrettyPrinting().create().toJson(root), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A run folder as the suite writes it: {@code jmh-result.json} plus {@code environment.properties}. */
    public static Path writeRunFolder(Path folder, long seed, List<Entry> entries) {
        write(folder.resolve(JmhJson.RUN_FILE), seed, entries);
        try {
            Files.writeString(
                    folder.resolve("environment.properties"), "#rabbitmq-jmh run environment\ncores=2\nprofile=full\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    private static JsonObject entry(Entry e, Random random) {
        JsonArray raw = new JsonArray();
        double sum = 0;
        double sumSquares = 0;
        int n = 0;
        for (int f = 0; f < e.forks(); f++) {
            double level = e.mean() * (1 + e.forkSpread() * random.nextGaussian());
            JsonArray fork = new JsonArray();
            for (int i = 0; i < e.iterations(); i++) {
                double v = level * (1 + e.noise() * random.nextGaussian());
                fork.add(v);
                sum += v;
                sumSquares += v * v;
                n++;
            }
            raw.add(fork);
        }
        double score = sum / n;
        // JMH's error is a 99.9% Student half-width; the normal quantile is close enough for a fixture.
        double error = n < 2 ? Double.NaN : 3.29 * Math.sqrt((sumSquares - n * score * score) / (n - 1) / n);

        JsonObject o = new JsonObject();
        o.addProperty("jmhVersion", "1.37");
        o.addProperty("benchmark", e.benchmark());
        o.addProperty("mode", e.mode());
        o.addProperty("threads", 1);
        o.addProperty("forks", e.forks());
        o.addProperty("jvm", "/usr/lib/jvm/java-17/bin/java");
        o.add("jvmArgs", new JsonArray());
        o.addProperty("jdkVersion", "17.0.15");
        o.addProperty("warmupIterations", 3);
        o.addProperty("warmupTime", "5 s");
        o.addProperty("warmupBatchSize", 1);
        o.addProperty("measurementIterations", e.iterations());
        o.addProperty("measurementTime", "5 s");
        o.addProperty("measurementBatchSize", 1);
        if (!e.params().isEmpty()) {
            JsonObject params = new JsonObject();
            e.params().forEach(params::addProperty);
            o.add("params", params);
        }
        JsonObject metric = new JsonObject();
        metric.addProperty("score", score);
        if (Double.isNaN(error)) {
            metric.addProperty("scoreError", "NaN");
        } else {
            metric.addProperty("scoreError", error);
        }
        JsonArray confidence = new JsonArray();
        confidence.add(Double.isNaN(error) ? score : score - error);
        confidence.add(Double.isNaN(error) ? score : score + error);
        metric.add("scoreConfidence", confidence);
        JsonObject percentiles = new JsonObject();
        percentiles.addProperty("50.0", score);
        metric.add("scorePercentiles", percentiles);
        metric.addProperty("scoreUnit", e.unit());
        metric.add("rawData", raw);
        o.add("primaryMetric", metric);
        o.add("secondaryMetrics", new JsonObject());
        return o;
    }
}
