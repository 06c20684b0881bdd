package org.rabbitmqjmh.profilers;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.rabbitmqjmh.host.RunFolder;

/**
 * Keeps each measurement iteration's latency histogram (nanoseconds) in an HdrHistogram log,
 * {@code <run>/histograms/<Benchmark.method>/<params>.<metric>.<pid>.hlog}, because JMH's JSON keeps
 * only percentiles, and percentiles of several workers cannot be combined: their histograms can
 * ({@code results.merge.WorkerMerge}). One file per fork (the pid) so that no two JVMs append to one file.
 * Written only when the launcher has named the run folder ({@link RunFolder#PROPERTY}): a fork started
 * some other way has no run to belong to.
 */
public final class HistogramLog {

    public static final String FOLDER = "histograms";
    public static final String SUFFIX = ".hlog";

    private HistogramLog() {}

    /** Appends {@code interval} as one interval of the trial's {@code metric} log of this fork. */
    public static synchronized void append(BenchmarkParams params, String metric, Histogram interval) {
        String run = System.getProperty(RunFolder.PROPERTY);
        if (run == null) {
            return;
        }
        Map<String, String> p = params(params);
        Path file = Path.of(run)
                .resolve(FOLDER)
                .resolve(trialName(params) + "." + metric + "."
                        + ProcessHandle.current().pid() + SUFFIX);
        try {
            Files.createDirectories(file.getParent());
            boolean fresh = !Files.exists(file);
            try (PrintStream out =
                    new PrintStream(new FileOutputStream(file.toFile(), true), false, StandardCharsets.UTF_8)) {
                HistogramLogWriter log = new HistogramLogWriter(out);
                if (fresh) {
                    log.outputLogFormatVersion();
                    log.outputComment(metric + " of " + params.getBenchmark() + " " + p
                            + ", values in ns, one interval per" + " measurement iteration");
                    log.outputLegend();
                }
                log.outputIntervalHistogram(interval);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    private static Map<String, String> params(BenchmarkParams params) {
        Map<String, String> p = new TreeMap<>();
        params.getParamsKeys().forEach(k -> p.put(k, params.getParam(k)));
        return p;
    }

    /** A trial's path under a run folder, for its CSVs ({@link TrialCsv}) and its histogram logs. */
    static String trialName(BenchmarkParams params) {
        return trialName(params.getBenchmark(), params(params), params.getThreads());
    }

    /**
     * A trial's path under a run folder, the same for its CSVs and its histogram logs:
     * {@code PublishBenchmark.publish/batch=100,confirm=async,threads=1}.
     */
    public static String trialName(String benchmark, Map<String, String> params, int threads) {
        String method = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        TreeMap<String, String> p = new TreeMap<>(params);
        p.put("threads", Integer.toString(threads));
        return method + "/"
                + p.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(","));
    }
}
