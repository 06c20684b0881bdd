package org.rabbitmqjmh.results;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the file JMH writes with {@code -rf json}: an array of results, each with {@code benchmark},
 * {@code mode}, optional {@code params} and a {@code primaryMetric}. Every way the input can be wrong
 * becomes a {@link BadInputException} whose message is one line naming the file.
 *
 * <p>Sample mode has no {@code rawData}: JMH writes {@code rawDataHistogram}, per fork, per iteration,
 * a list of {@code [value, count]}. Each iteration then counts as the mean of its histogram, so that
 * every mode gives one number per iteration.
 */
public final class JmhJson {

    /** The file a run folder keeps JMH's results in. */
    public static final String RUN_FILE = "jmh-result.json";

    private static final String WHAT_IS_ALLOWED =
            "expected a JMH JSON file (-rf json) or a run folder holding " + RUN_FILE;
    private static final Pattern WHERE = Pattern.compile("line \\d+ column \\d+");

    private JmhJson() {}

    /** Writes entries as JMH writes its JSON (pretty, NaN as NaN), for a merged or rewritten result. */
    public static void write(Path file, JsonArray entries) throws IOException {
        Files.writeString(
                file,
                new GsonBuilder()
                        .setPrettyPrinting()
                        .serializeSpecialFloatingPointValues()
                        .create()
                        .toJson(entries),
                StandardCharsets.UTF_8);
    }

    /** A run folder stands for the {@code jmh-result.json} inside it. */
    public static Path locate(Path fileOrFolder) throws BadInputException {
        if (Files.isDirectory(fileOrFolder)) {
            Path inside = fileOrFolder.resolve(RUN_FILE);
            if (!Files.isRegularFile(inside)) {
                throw new BadInputException(fileOrFolder + " is a folder without " + RUN_FILE + "; " + WHAT_IS_ALLOWED);
            }
            return inside;
        }
        if (!Files.isRegularFile(fileOrFolder)) {
            throw new BadInputException("no such file or folder: " + fileOrFolder + "; " + WHAT_IS_ALLOWED);
        }
        return fileOrFolder;
    }

    public static List<JmhResult> read(Path fileOrFolder) throws BadInputException {
        return read(fileOrFolder, Metrics::isRow);
    }

    /**
     * As {@link #read(Path)}, keeping the secondary metrics {@code secondary} accepts: a table that shows
     * counts (aux counters, which are no row of a comparison) asks for them.
     */
    public static List<JmhResult> read(Path fileOrFolder, Predicate<String> secondary) throws BadInputException {
        Path file = locate(fileOrFolder);
        JsonElement root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonReader json = new JsonReader(in);
            json.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(json);
            if (json.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the end of the JSON document");
            }
        } catch (JsonParseException | MalformedJsonException e) {
            throw new BadInputException(file + " is not valid JSON" + where(e) + "; " + WHAT_IS_ALLOWED);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
        if (root.isJsonNull()) {
            throw new BadInputException(file + " is empty or null; " + WHAT_IS_ALLOWED);
        }
        return parse(file, root, secondary);
    }

    static List<JmhResult> parse(Path file, JsonElement root) throws BadInputException {
        return parse(file, root, Metrics::isRow);
    }

    static List<JmhResult> parse(Path file, JsonElement root, Predicate<String> secondary) throws BadInputException {
        if (!root.isJsonArray()) {
            throw notJmh(file, "the top level is not an array");
        }
        List<JmhResult> results = new ArrayList<>();
        Set<BenchmarkKey> seen = new HashSet<>();
        JsonArray entries = root.getAsJsonArray();
        for (int i = 0; i < entries.size(); i++) {
            for (JmhResult result : entry(file, i + 1, entries.get(i), secondary)) {
                if (!seen.add(result.key())) {
                    throw new BadInputException(file + " holds two results for "
                            + result.key().label() + "; expected one JMH run per file");
                }
                results.add(result);
            }
        }
        return results;
    }

    /** An entry's primary metric, then each of its secondary metrics that is a row ({@link Metrics}). */
    private static List<JmhResult> entry(Path file, int n, JsonElement element, Predicate<String> secondary)
            throws BadInputException {
        if (!element.isJsonObject()) {
            throw notJmh(file, "entry " + n + " is not an object");
        }
        JsonObject o = element.getAsJsonObject();
        String benchmark = text(file, n, o, "benchmark");
        String mode = text(file, n, o, "mode");
        Map<String, String> params = new LinkedHashMap<>();
        if (o.has("params")) {
            JsonElement p = o.get("params");
            if (!p.isJsonObject()) {
                throw notJmh(file, "entry " + n + " has \"params\" that is not an object");
            }
            for (Map.Entry<String, JsonElement> e : p.getAsJsonObject().entrySet()) {
                if (!e.getValue().isJsonPrimitive()) {
                    throw notJmh(file, "entry " + n + " has param \"" + e.getKey() + "\" that is not a value");
                }
                params.put(e.getKey(), e.getValue().getAsString());
            }
        }
        int threads = o.has("threads") && o.get("threads").isJsonPrimitive()
                ? o.get("threads").getAsInt()
                : 1;
        BenchmarkKey key = BenchmarkKey.ofEntry(benchmark, mode, params, threads);
        JsonElement metricElement = o.get("primaryMetric");
        if (metricElement == null || !metricElement.isJsonObject()) {
            throw notJmh(file, "entry " + n + " has no \"primaryMetric\" object");
        }
        List<JmhResult> rows = new ArrayList<>();
        rows.add(metric(file, n, key, metricElement.getAsJsonObject()));
        if (o.has("secondaryMetrics") && o.get("secondaryMetrics").isJsonObject()) {
            for (Map.Entry<String, JsonElement> m :
                    o.getAsJsonObject("secondaryMetrics").entrySet()) {
                if (secondary.test(m.getKey()) && m.getValue().isJsonObject()) {
                    JmhResult row = metric(
                            file, n, key.withMetric(m.getKey()), m.getValue().getAsJsonObject());
                    // A latency the trial never measured (no confirms without publisher confirms) is NaN: no row.
                    if (Double.isFinite(row.score())) {
                        rows.add(row);
                    }
                }
            }
        }
        return rows;
    }

    private static JmhResult metric(Path file, int n, BenchmarkKey key, JsonObject metric) throws BadInputException {
        double score = number(file, n, metric, "score");
        double error = metric.has("scoreError") ? number(file, n, metric, "scoreError") : Double.NaN;
        String unit = text(file, n, metric, "scoreUnit");
        double[][] samples;
        if (metric.has("rawData")) {
            samples = rawData(file, n, metric.get("rawData"));
        } else if (metric.has("rawDataHistogram")) {
            samples = histogramMeans(file, n, metric.get("rawDataHistogram"));
        } else {
            samples = new double[0][];
        }
        return new JmhResult(key, unit, score, error, samples);
    }

    private static double[][] rawData(Path file, int n, JsonElement raw) throws BadInputException {
        JsonArray forks = array(file, n, raw, "rawData");
        double[][] samples = new double[forks.size()][];
        for (int f = 0; f < forks.size(); f++) {
            JsonArray iterations = array(file, n, forks.get(f), "rawData");
            samples[f] = new double[iterations.size()];
            for (int i = 0; i < iterations.size(); i++) {
                samples[f][i] = value(file, n, iterations.get(i), "rawData");
            }
        }
        return samples;
    }

    private static double[][] histogramMeans(Path file, int n, JsonElement raw) throws BadInputException {
        JsonArray forks = array(file, n, raw, "rawDataHistogram");
        double[][] samples = new double[forks.size()][];
        for (int f = 0; f < forks.size(); f++) {
            JsonArray iterations = array(file, n, forks.get(f), "rawDataHistogram");
            samples[f] = new double[iterations.size()];
            for (int i = 0; i < iterations.size(); i++) {
                double sum = 0;
                double count = 0;
                for (JsonElement bin : array(file, n, iterations.get(i), "rawDataHistogram")) {
                    JsonArray pair = array(file, n, bin, "rawDataHistogram");
                    if (pair.size() != 2) {
                        throw notJmh(file, "entry " + n + " has a \"rawDataHistogram\" bin that is not [value, count]");
                    }
                    double c = value(file, n, pair.get(1), "rawDataHistogram");
                    sum += value(file, n, pair.get(0), "rawDataHistogram") * c;
                    count += c;
                }
                samples[f][i] = count == 0 ? Double.NaN : sum / count;
            }
        }
        return samples;
    }

    private static String text(Path file, int n, JsonObject o, String field) throws BadInputException {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw notJmh(file, "entry " + n + " has no \"" + field + "\" text");
        }
        return e.getAsString();
    }

    private static double number(Path file, int n, JsonObject o, String field) throws BadInputException {
        JsonElement e = o.get(field);
        if (e == null) {
            throw notJmh(file, "entry " + n + " has no \"" + field + "\"");
        }
        return value(file, n, e, field);
    }

    /** JMH writes NaN and infinities as the strings "NaN", "+INF" and "-INF". */
    private static double value(Path file, int n, JsonElement e, String field) throws BadInputException {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            return e.getAsDouble();
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            switch (e.getAsString()) {
                case "NaN":
                    return Double.NaN;
                case "+INF":
                    return Double.POSITIVE_INFINITY;
                case "-INF":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw notJmh(file, "entry " + n + " has a \"" + field + "\" that is not a number");
    }

    private static JsonArray array(Path file, int n, JsonElement e, String field) throws BadInputException {
        if (!e.isJsonArray()) {
            throw notJmh(file, "entry " + n + " has a \"" + field + "\" that is not a list");
        }
        return e.getAsJsonArray();
    }

    private static BadInputException notJmh(Path file, String why) {
        return new BadInputException(file + " is not JMH JSON: " + why + "; " + WHAT_IS_ALLOWED);
    }

    /** Gson's messages run over several lines with a link; the position is the useful part. */
    private static String where(Exception e) {
        Matcher m = WHERE.matcher(String.valueOf(e.getMessage()));
        return m.find() ? " (at " + m.group() + ")" : "";
    }
}
