package org.rabbitmqjmh.results;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One side of an interleaved run as one JMH JSON file: each round ran every benchmark in a JMH of its
 * own with one fork, and this puts round k's fork at index k of {@code rawData}, so that {@code compare
 * --paired} can pair it with round k of the other side. Everything else comes from the first round's
 * entry, except: {@code forks} (the rounds), the primary score (the mean of every iteration of every
 * round, as JMH computes it), its percentiles (over those iterations), and every score error, which is
 * {@code "NaN"}: JMH's 99.9% error assumes forks of one JVM invocation, and the paired interval of
 * compare is the one to read. Secondary metrics keep their per-round raw data and the mean of the
 * rounds' scores.
 *
 * <p>The same for rounds of one build made by hand, each round running every setting once with
 * {@code -f 1} (so the settings interleave: a slow stretch of the host hits all of them alike):
 * {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.RoundMerge OUT.json ROUND...}, a ROUND
 * being a run folder (its {@code jmh-result.json}) or a JMH JSON file. Exit 0, or 2 with one line.
 */
public final class RoundMerge {

    static final String USAGE = "usage: round-merge OUT.json ROUND ROUND...  (each ROUND a run folder or a JMH JSON "
            + "file of one round, in round order; OUT.json gets one fork per round)";

    private RoundMerge() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 3) {
            err.println("round-merge: " + (args.length == 0 ? "no arguments" : "fewer than two rounds") + "; " + USAGE);
            return 2;
        }
        List<Path> rounds = new ArrayList<>();
        for (String a : Arrays.asList(args).subList(1, args.length)) {
            Path p = Files.isDirectory(Path.of(a)) ? Path.of(a, "jmh-result.json") : Path.of(a);
            if (!Files.isRegularFile(p)) {
                err.println("round-merge: " + p + " is not a file; " + USAGE);
                return 2;
            }
            rounds.add(p);
        }
        try {
            write(rounds, Path.of(args[0]));
        } catch (IOException | RuntimeException e) {
            err.println("round-merge: cannot merge the rounds: " + e.getMessage());
            return 2;
        }
        out.println("round-merge: " + rounds.size() + " rounds into " + args[0]);
        return 0;
    }

    /** Merges the rounds' files, in round order, into {@code target}. */
    public static void write(List<Path> rounds, Path target) throws IOException {
        Map<String, List<JsonObject>> byKey = new LinkedHashMap<>();
        for (Path round : rounds) {
            JsonArray entries = JsonParser.parseString(Files.readString(round, StandardCharsets.UTF_8))
                    .getAsJsonArray();
            for (JsonElement e : entries) {
                JsonObject entry = e.getAsJsonObject();
                byKey.computeIfAbsent(key(entry), k -> new ArrayList<>()).add(entry);
            }
        }
        JsonArray merged = new JsonArray();
        byKey.values().forEach(entries -> merged.add(merge(entries)));
        JmhJson.write(target, merged);
    }

    private static String key(JsonObject entry) {
        return entry.get("benchmark").getAsString() + " " + entry.get("mode").getAsString() + " "
                + (entry.has("params") ? entry.get("params").toString() : "{}");
    }

    static JsonObject merge(List<JsonObject> rounds) {
        JsonObject out = rounds.get(0).deepCopy();
        out.addProperty("forks", rounds.size());
        JsonObject primary = out.getAsJsonObject("primaryMetric");
        mergeMetric(
                primary,
                rounds.stream().map(r -> r.getAsJsonObject("primaryMetric")).toList(),
                true);
        if (out.has("secondaryMetrics")) {
            JsonObject secondaries = out.getAsJsonObject("secondaryMetrics");
            for (String name : secondaries.keySet()) {
                List<JsonObject> each = rounds.stream()
                        .filter(r -> r.getAsJsonObject("secondaryMetrics").has(name))
                        .map(r -> r.getAsJsonObject("secondaryMetrics").getAsJsonObject(name))
                        .toList();
                mergeMetric(secondaries.getAsJsonObject(name), each, false);
            }
        }
        return out;
    }

    private static void mergeMetric(JsonObject target, List<JsonObject> rounds, boolean primary) {
        for (String raw : List.of("rawData", "rawDataHistogram")) {
            if (target.has(raw)) {
                JsonArray forks = new JsonArray();
                rounds.stream()
                        .filter(m -> m.has(raw))
                        .forEach(m -> m.getAsJsonArray(raw).forEach(forks::add));
                target.add(raw, forks);
            }
        }
        double[] iterations =
                primary && target.has("rawData") ? values(target.getAsJsonArray("rawData")) : new double[0];
        double score = iterations.length > 0
                ? Arrays.stream(iterations).average().orElse(Double.NaN)
                : rounds.stream().mapToDouble(RoundMerge::score).average().orElse(Double.NaN);
        target.addProperty("score", score);
        target.addProperty("scoreError", "NaN");
        JsonArray confidence = new JsonArray();
        confidence.add("NaN");
        confidence.add("NaN");
        target.add("scoreConfidence", confidence);
        if (iterations.length > 0 && target.has("scorePercentiles")) {
            JsonObject percentiles = target.getAsJsonObject("scorePercentiles");
            for (String p : List.copyOf(percentiles.keySet())) {
                percentiles.addProperty(p, Quantiles.percentile(iterations, Double.parseDouble(p)));
            }
        }
    }

    private static double score(JsonObject metric) {
        JsonElement s = metric.get("score");
        return s != null && s.getAsJsonPrimitive().isNumber() ? s.getAsDouble() : Double.NaN;
    }

    private static double[] values(JsonArray forks) {
        List<Double> all = new ArrayList<>();
        forks.forEach(f -> f.getAsJsonArray().forEach(v -> all.add(v.getAsDouble())));
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
