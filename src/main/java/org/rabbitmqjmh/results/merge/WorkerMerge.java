package org.rabbitmqjmh.results.merge;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.rabbitmqjmh.broker.FileProblems;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.host.RunFolder;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.Numbers;
import org.rabbitmqjmh.results.Table;

/**
 * {@code WorkerMerge [--out DIR] WORKER_DIR...}: the run folders of the N workers of one run (the pods
 * of deploy/k8s/benchmark-job.yaml) as one result, {@code DIR/merged.json} (JMH's JSON shape, so
 * compare, report and calibration read it) and {@code DIR/merged.md}, also printed.
 *
 * <p>What adds up: a throughput score is a rate, and N workers each doing X ops/s load the broker with
 * N·X, so the merged score is the sum; so are rate and count secondaries ({@code ops/*}, {@code #},
 * {@code msgs}), while a maximum is the largest. Latency percentiles cannot be combined, so they are
 * recomputed from the workers' HdrHistogram logs ({@code profilers.HistogramLog}): every interval of every
 * fork of every worker in one histogram. The per-iteration raw data of a summed metric is summed
 * iteration by iteration (the barrier starts the workers together); every score error is "NaN", because
 * JMH's error describes one JVM's forks and not a sum over hosts. Other secondaries (means, per-message
 * costs) have no exact combination and are left out, which merged.md says.
 *
 * <p>Refused, exit 2 with one line: folders of different runs, a worker count that is not the number of
 * folders, a missing or repeated index, different trials, a mode other than throughput, different units.
 *
 * <p>Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.merge.WorkerMerge w0 w1 w2}
 */
public final class WorkerMerge {

    public static final int OK = 0;
    public static final int CANNOT_WRITE = 1;
    public static final int BAD_INPUT = 2;
    static final String MERGED_JSON = "merged.json";
    static final String MERGED_MD = "merged.md";

    private static final Pattern LATENCY = Pattern.compile("(.+)\\.p(50|99|99\\.9)");

    private WorkerMerge() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            MergeArguments arguments = MergeArguments.parse(args);
            if (arguments.help()) {
                out.println(MergeArguments.USAGE);
                return OK;
            }
            List<WorkerFolder> workers = new ArrayList<>();
            for (Path dir : arguments.folders()) {
                workers.add(WorkerFolder.read(dir));
            }
            workers = check(workers);
            Path dir = arguments.out() != null
                    ? arguments.out()
                    : Path.of(
                            System.getProperty(RunFolder.RESULTS_ROOT, "results"),
                            "workers-" + workers.get(0).runId());
            Table table = new Table(
                    "trial", "workers>", "per worker", "sum>", "unit", "latency", "p50 us>", "p99 us>", "p99.9 us>");
            TreeSet<String> dropped = new TreeSet<>();
            JsonArray merged = new JsonArray();
            for (BenchmarkKey key : workers.get(0).trials().keySet()) {
                merged.add(merge(workers, key, table, dropped));
            }
            String notes = "\nScore errors are NaN: JMH's error is about one JVM's forks, not a sum over hosts."
                    + " Latency percentiles are of all workers' histograms together."
                    + (dropped.isEmpty()
                            ? ""
                            : "\nNot combined (no exact combination across workers): " + String.join(", ", dropped)
                                    + ".")
                    + "\n";
            Files.createDirectories(dir);
            JmhJson.write(dir.resolve(MERGED_JSON), merged);
            Files.writeString(
                    dir.resolve(MERGED_MD),
                    "# " + workers.size() + " workers of run " + workers.get(0).runId() + "\n\n" + table.toMarkdown()
                            + notes,
                    StandardCharsets.UTF_8);
            out.print(table.toText());
            out.print(notes);
            out.println("merged: " + dir.resolve(MERGED_JSON) + ", " + dir.resolve(MERGED_MD));
            return OK;
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("error: cannot write the merged result: " + FileProblems.reason(e));
            return CANNOT_WRITE;
        }
    }

    /** The workers in index order, once they are seen to be the whole of one run. */
    static List<WorkerFolder> check(List<WorkerFolder> workers) throws BadInputException {
        int n = workers.size();
        WorkerFolder any = workers.get(0);
        for (WorkerFolder w : workers) {
            if (!w.runId().equals(any.runId())) {
                throw new BadInputException(w.dir() + " is a worker of run " + w.runId() + ", " + any.dir() + " of run "
                        + any.runId() + "; give the folders of one run");
            }
        }
        Map<Integer, WorkerFolder> byIndex = new TreeMap<>();
        for (WorkerFolder w : workers) {
            if (w.index() < 0 || w.index() >= w.count()) {
                throw new BadInputException(w.dir() + " has worker.index=" + w.index() + ", outside 0.."
                        + (w.count() - 1) + " of its worker.count=" + w.count());
            }
            WorkerFolder twin = byIndex.put(w.index(), w);
            if (twin != null) {
                throw new BadInputException(twin.dir() + " and " + w.dir() + " are both worker " + w.index()
                        + " of run " + w.runId() + "; give each worker's folder once");
            }
        }
        for (WorkerFolder w : workers) {
            if (w.count() != n) {
                List<Integer> missing = IntStream.range(0, w.count())
                        .filter(i -> !byIndex.containsKey(i))
                        .boxed()
                        .toList();
                throw new BadInputException(
                        w.dir() + " has worker.count=" + w.count() + " but " + n + " folder(s) were given"
                                + (missing.isEmpty() ? "" : "; missing worker index(es) " + missing)
                                + "; give every worker's folder of run " + w.runId());
            }
        }
        List<WorkerFolder> ordered = List.copyOf(byIndex.values());
        WorkerFolder first = ordered.get(0);
        for (WorkerFolder w : ordered) {
            checkSameTrials(first, w);
        }
        return ordered;
    }

    /** A worker ran exactly the first worker's trials, in throughput mode and the same units. */
    private static void checkSameTrials(WorkerFolder first, WorkerFolder w) throws BadInputException {
        for (BenchmarkKey k : first.trials().keySet()) {
            if (!w.trials().containsKey(k)) {
                throw new BadInputException(w.dir() + " lacks " + k.label() + ", which " + first.dir()
                        + " has; the workers must run the same benchmarks and params");
            }
        }
        for (BenchmarkKey k : w.trials().keySet()) {
            if (!first.trials().containsKey(k)) {
                throw new BadInputException(w.dir() + " has " + k.label() + ", which " + first.dir()
                        + " lacks; the workers must run the same benchmarks and params");
            }
            if (!k.mode().equals("thrpt")) {
                throw new BadInputException(
                        w.dir() + ": " + k.label() + " ran in mode " + k.mode() + "; only throughput"
                                + " (thrpt) scores add up across workers (a sum of times per operation means nothing):"
                                + " run with -bm thrpt");
            }
            String unit = unit(w.trials().get(k).getAsJsonObject("primaryMetric"));
            String firstUnit = unit(first.trials().get(k).getAsJsonObject("primaryMetric"));
            if (!unit.equals(firstUnit)) {
                throw new BadInputException(w.dir() + ": " + k.label() + " is in " + unit + ", but in " + firstUnit
                        + " in " + first.dir() + "; run the workers with the same -tu");
            }
        }
    }

    private static JsonObject merge(List<WorkerFolder> workers, BenchmarkKey key, Table table, TreeSet<String> dropped)
            throws BadInputException {
        List<JsonObject> entries =
                workers.stream().map(w -> w.trials().get(key)).toList();
        JsonObject out = entries.get(0).deepCopy();
        out.addProperty("workers", workers.size());
        JsonObject primary = out.getAsJsonObject("primaryMetric");
        List<Double> each = entries.stream()
                .map(e -> score(e.getAsJsonObject("primaryMetric")))
                .toList();
        sum(
                primary,
                entries.stream().map(e -> e.getAsJsonObject("primaryMetric")).toList());

        Map<String, Histogram> latencies = new LinkedHashMap<>();
        JsonObject secondaries =
                out.has("secondaryMetrics") ? out.getAsJsonObject("secondaryMetrics") : new JsonObject();
        for (String name : List.copyOf(secondaries.keySet())) {
            JsonObject metric = secondaries.getAsJsonObject(name);
            List<JsonObject> parts = entries.stream()
                    .map(e -> e.getAsJsonObject("secondaryMetrics"))
                    .map(s -> s == null ? null : s.getAsJsonObject(name))
                    .toList();
            String unit = unit(metric);
            Matcher latency = LATENCY.matcher(name);
            if (parts.contains(null)) {
                secondaries.remove(name);
                dropped.add(name + " (not in every worker)");
            } else if (latency.matches() && unit.equals("us")) {
                Histogram all = latencies.get(latency.group(1));
                if (all == null) {
                    all = union(workers, entries, key, latency.group(1));
                    latencies.put(latency.group(1), all);
                }
                replace(metric, Latency.micros(all, Double.parseDouble(latency.group(2))));
            } else if (unit.startsWith("ops/") || unit.equals("#") || unit.equals("msgs")) {
                sum(metric, parts);
            } else if (unit.equals("max")) {
                replace(
                        metric,
                        parts.stream().mapToDouble(WorkerMerge::score).max().orElse(Double.NaN));
            } else {
                secondaries.remove(name);
                dropped.add(name);
            }
        }

        addRows(table, key, workers.size(), each, primary, latencies);
        return out;
    }

    /** The trial's rows of the summary table: its score, then one row per merged latency. */
    private static void addRows(
            Table table,
            BenchmarkKey key,
            int workers,
            List<Double> each,
            JsonObject primary,
            Map<String, Histogram> latencies) {
        String perWorker = each.stream().map(Numbers::score).collect(Collectors.joining(" + "));
        String unit = unit(primary);
        if (latencies.isEmpty()) {
            table.add(
                    key.nameAndParams(),
                    Integer.toString(workers),
                    perWorker,
                    Numbers.score(score(primary)),
                    unit,
                    "",
                    "",
                    "",
                    "");
        }
        boolean firstRow = true;
        for (Map.Entry<String, Histogram> l : latencies.entrySet()) {
            Histogram h = l.getValue();
            table.add(
                    firstRow ? key.nameAndParams() : "",
                    firstRow ? Integer.toString(workers) : "",
                    firstRow ? perWorker : "",
                    firstRow ? Numbers.score(score(primary)) : "",
                    firstRow ? unit : "",
                    l.getKey(),
                    Numbers.score(Latency.micros(h, 50)),
                    Numbers.score(Latency.micros(h, 99)),
                    Numbers.score(Latency.micros(h, 99.9)));
            firstRow = false;
        }
    }

    /** Every worker's histograms of one latency; a worker that measured it but kept no log is refused. */
    private static Histogram union(
            List<WorkerFolder> workers, List<JsonObject> entries, BenchmarkKey key, String metric)
            throws BadInputException {
        Histogram all = new Histogram(3);
        for (int i = 0; i < workers.size(); i++) {
            Histogram h = workers.get(i).latency(entries.get(i), metric);
            if (h != null) {
                all.add(h);
            } else if (Double.isFinite(
                    score(entries.get(i).getAsJsonObject("secondaryMetrics").getAsJsonObject(metric + ".p50")))) {
                throw new BadInputException(workers.get(i).dir() + " measured " + metric + " of " + key.label()
                        + " but has no histograms/**/*." + metric
                        + ".<pid>.hlog; its percentiles cannot be merged without it");
            }
        }
        return all;
    }

    /** The parts' scores added; raw data added iteration by iteration when every part has the same shape. */
    private static void sum(JsonObject target, List<JsonObject> parts) {
        replace(target, parts.stream().mapToDouble(WorkerMerge::score).sum());
        double[][] raw = null;
        for (JsonObject part : parts) {
            double[][] r = rawData(part);
            if (r == null || (raw != null && !sameShape(raw, r))) {
                raw = null;
                break;
            }
            if (raw == null) {
                raw = r;
            } else {
                for (int f = 0; f < r.length; f++) {
                    for (int i = 0; i < r[f].length; i++) {
                        raw[f][i] += r[f][i];
                    }
                }
            }
        }
        if (raw != null) {
            JsonArray forks = new JsonArray();
            for (double[] fork : raw) {
                JsonArray iterations = new JsonArray();
                for (double v : fork) {
                    iterations.add(v);
                }
                forks.add(iterations);
            }
            target.add("rawData", forks);
        }
    }

    /** A recomputed score: its error, interval, percentiles and per-iteration data no longer describe it. */
    private static void replace(JsonObject metric, double score) {
        if (Double.isFinite(score)) {
            metric.addProperty("score", score);
        } else {
            metric.addProperty("score", "NaN");
        }
        metric.addProperty("scoreError", "NaN");
        JsonArray confidence = new JsonArray();
        confidence.add("NaN");
        confidence.add("NaN");
        metric.add("scoreConfidence", confidence);
        metric.remove("scorePercentiles");
        metric.remove("rawData");
        metric.remove("rawDataHistogram");
    }

    private static double[][] rawData(JsonObject metric) {
        if (!metric.has("rawData") || !metric.get("rawData").isJsonArray()) {
            return null;
        }
        JsonArray forks = metric.getAsJsonArray("rawData");
        double[][] out = new double[forks.size()][];
        for (int f = 0; f < forks.size(); f++) {
            JsonArray it = forks.get(f).getAsJsonArray();
            out[f] = new double[it.size()];
            for (int i = 0; i < it.size(); i++) {
                out[f][i] = number(it.get(i));
            }
        }
        return out;
    }

    private static boolean sameShape(double[][] a, double[][] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int f = 0; f < a.length; f++) {
            if (a[f].length != b[f].length) {
                return false;
            }
        }
        return true;
    }

    private static double score(JsonObject metric) {
        return number(metric.get("score"));
    }

    /** JMH writes NaN as the string "NaN" (JmhJson has already refused anything else). */
    private static double number(JsonElement e) {
        return e.getAsJsonPrimitive().isNumber() ? e.getAsDouble() : Double.NaN;
    }

    private static String unit(JsonObject metric) {
        return metric.has("scoreUnit") ? metric.get("scoreUnit").getAsString() : "";
    }
}
