package org.rabbitmqjmh.results.merge;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.rabbitmqjmh.profilers.HistogramLog;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.JmhJson;

/**
 * One worker's run folder: who it was ({@code worker.index}, {@code worker.count}, {@code worker.run.id}
 * of {@code environment.properties}), its JMH entries by trial, and its latency histogram logs.
 */
record WorkerFolder(Path dir, int index, int count, String runId, Map<BenchmarkKey, JsonObject> trials) {

    static final String ENVIRONMENT = "environment.properties";
    private static final String WHAT_IS_ALLOWED = "expected a worker's run folder: " + JmhJson.RUN_FILE + " and "
            + ENVIRONMENT + " with worker.index, worker.count and worker.run.id";

    static WorkerFolder read(Path dir) throws BadInputException {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("no such folder: " + dir + "; " + WHAT_IS_ALLOWED);
        }
        Path envFile = dir.resolve(ENVIRONMENT);
        Properties env = new Properties();
        try (Reader in = Files.newBufferedReader(envFile, StandardCharsets.ISO_8859_1)) {
            env.load(in);
        } catch (IOException e) {
            throw new BadInputException(dir + " has no readable " + ENVIRONMENT + "; " + WHAT_IS_ALLOWED);
        }
        int count = whole(env, "worker.count", dir);
        int index = whole(env, "worker.index", dir);
        String runId = required(env, "worker.run.id", dir);
        // The suite's reader first: every way the JSON can be wrong is already one line there.
        JmhJson.read(dir);
        Map<BenchmarkKey, JsonObject> trials = new LinkedHashMap<>();
        try {
            for (JsonElement e : JsonParser.parseString(Files.readString(JmhJson.locate(dir), StandardCharsets.UTF_8))
                    .getAsJsonArray()) {
                trials.put(key(e.getAsJsonObject()), e.getAsJsonObject());
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + JmhJson.locate(dir) + ": " + e.getMessage());
        }
        return new WorkerFolder(dir, index, count, runId, trials);
    }

    /** As {@link JmhJson} keys its rows ({@link BenchmarkKey#ofEntry}). */
    static BenchmarkKey key(JsonObject entry) {
        return BenchmarkKey.ofEntry(
                entry.get("benchmark").getAsString(), entry.get("mode").getAsString(), params(entry), threads(entry));
    }

    /** The entry's params as JMH wrote them, every one: the histogram logs are named after them all. */
    private static Map<String, String> params(JsonObject entry) {
        Map<String, String> params = new TreeMap<>();
        if (entry.has("params")) {
            entry.getAsJsonObject("params")
                    .entrySet()
                    .forEach(p -> params.put(p.getKey(), p.getValue().getAsString()));
        }
        return params;
    }

    /**
     * Every interval of every fork's log of {@code metric} for the trial {@code entry}, added up; null when
     * this worker wrote no log for it.
     */
    Histogram latency(JsonObject entry, String metric) throws BadInputException {
        String trial = HistogramLog.trialName(entry.get("benchmark").getAsString(), params(entry), threads(entry));
        Path folder = dir.resolve(HistogramLog.FOLDER).resolve(trial).getParent();
        Pattern name = Pattern.compile(Pattern.quote(Path.of(trial).getFileName() + "." + metric) + "\\.\\d+"
                + Pattern.quote(HistogramLog.SUFFIX));
        if (!Files.isDirectory(folder)) {
            return null;
        }
        List<Path> logs;
        try (Stream<Path> files = Files.list(folder)) {
            logs = files.filter(f -> name.matcher(f.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BadInputException("cannot list " + folder + ": " + e.getMessage());
        }
        if (logs.isEmpty()) {
            return null;
        }
        // Auto-resizing, 3 digits: the precision of engine.Latency, so adding loses nothing.
        Histogram all = new Histogram(3);
        for (Path log : logs) {
            try {
                HistogramLogReader reader = new HistogramLogReader(log.toFile());
                for (EncodableHistogram h = reader.nextIntervalHistogram();
                        h != null;
                        h = reader.nextIntervalHistogram()) {
                    all.add((Histogram) h);
                }
            } catch (IOException | RuntimeException e) {
                throw new BadInputException(log + " is not an HdrHistogram log of integer values: " + e.getMessage());
            }
        }
        return all;
    }

    private static int threads(JsonObject entry) {
        return entry.has("threads") ? entry.get("threads").getAsInt() : 1;
    }

    private static String required(Properties env, String key, Path dir) throws BadInputException {
        String v = env.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new BadInputException(dir.resolve(ENVIRONMENT) + " has no " + key + "; " + WHAT_IS_ALLOWED);
        }
        return v.trim();
    }

    private static int whole(Properties env, String key, Path dir) throws BadInputException {
        String v = required(env, key, dir);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadInputException(dir.resolve(ENVIRONMENT) + " has " + key + "=" + v + ", not a whole number");
        }
    }
}
