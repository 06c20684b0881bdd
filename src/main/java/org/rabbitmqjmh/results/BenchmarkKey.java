package org.rabbitmqjmh.results;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What makes two results comparable: the same benchmark method, mode and {@code @Param} values.
 * Params are kept sorted so the key does not depend on the order JMH wrote them in.
 */
public record BenchmarkKey(String benchmark, String mode, SortedMap<String, String> params) {

    public BenchmarkKey {
        params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
    }

    /**
     * Params a benchmark gained after runs of it were committed, with the value that runs the trial as
     * before: left out of a key, so that a run from before and a run from after still compare row by row
     * ({@code clientNodes=first}: every client on node 1, all there was before clients could spread).
     */
    static final Map<String, String> ADDED_LATER = Map.of("clientNodes", "first");

    /**
     * The key of one entry of JMH's JSON, the one rule every reader of it follows: its params but those
     * {@link #ADDED_LATER} with their old behaviour, and the thread count when it is not 1 (a run may
     * sweep JMH threads with {@code -t} in several passes; the count tells those rows apart).
     */
    public static BenchmarkKey ofEntry(String benchmark, String mode, Map<String, String> params, int threads) {
        TreeMap<String, String> kept = new TreeMap<>();
        params.forEach((name, value) -> {
            if (!value.equals(ADDED_LATER.get(name))) {
                kept.put(name, value);
            }
        });
        if (threads != 1) {
            kept.put("threads", Integer.toString(threads));
        }
        return new BenchmarkKey(benchmark, mode, kept);
    }

    public static BenchmarkKey of(String benchmark, String mode, Map<String, String> params) {
        return new BenchmarkKey(benchmark, mode, new TreeMap<>(params));
    }

    /** The row of one of this trial's secondary metrics, {@code benchmark:metric} as JMH labels it. */
    public BenchmarkKey withMetric(String metric) {
        return new BenchmarkKey(benchmark + ":" + metric, mode, params);
    }

    /** {@code PublishOneBenchmark.publish}: the package adds length and no information in a table. */
    public String shortName() {
        // A secondary metric's row is "benchmark:metric" (PublishBenchmark.publish:cost.client.cpu), as JMH
        // labels it in its table; the metric's own dots are not the package's.
        int colon = benchmark.indexOf(':');
        String method = colon < 0 ? benchmark : benchmark.substring(0, colon);
        int m = method.lastIndexOf('.');
        int type = m < 0 ? -1 : method.lastIndexOf('.', m - 1);
        return method.substring(type + 1) + (colon < 0 ? "" : benchmark.substring(colon));
    }

    /** The row's metric: a secondary metric's name ({@code cost.client.cpu}), empty for the score. */
    public String metric() {
        int colon = benchmark.indexOf(':');
        return colon < 0 ? "" : benchmark.substring(colon + 1);
    }

    /** The metric as the programs' {@code --metric} options name it: {@code score}, or the secondary metric's name. */
    public String metricName() {
        return metric().isEmpty() ? "score" : metric();
    }

    /** {@code confirm=async size=1024}, or empty when the benchmark has no params. */
    public String paramsLabel() {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    /** The benchmark and its params, as a user names a trial: {@code PublishOneBenchmark.publish messageSize=16}. */
    public String nameAndParams() {
        String p = paramsLabel();
        return p.isEmpty() ? shortName() : shortName() + " " + p;
    }

    /** One line naming the row, as used in lists and error messages. */
    public String label() {
        String p = paramsLabel();
        return shortName() + " " + mode + (p.isEmpty() ? "" : " " + p);
    }
}
