package org.rabbitmqjmh.results.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.JmhResult;

/**
 * One run of the suite in a history: which point of the series it is (a commit, or a label such as the
 * amqp-client release), when and where it ran, and per benchmark, params and metric the score and the
 * fork means. Not the per-iteration samples nor the per-message data: a history of a year of pushes
 * stays a few megabytes. Stored as one JSON file (HistoryStore), so a git branch that holds the history
 * only ever gains files.
 *
 * @param seq the record's place in its machine's history, from 1
 * @param point what the series' x axis shows for it: a short commit, or a label given to {@code add}
 * @param commit the suite's commit that ran (the run folder's {@code git.sha}), or "unknown"
 * @param date when the run started, ISO-8601 UTC
 * @param run the run folder's name, so a record can be traced to the folder that made it
 */
public record HistoryRecord(
        int format,
        int seq,
        String point,
        String commit,
        String date,
        String amqpClient,
        String run,
        Map<String, String> machine,
        List<Row> rows) {

    public static final int FORMAT = 1;

    /**
     * One row: a benchmark, its params and one of its metrics ("" for the score).
     *
     * @param forks the mean of each fork's iterations, in fork order (an interleaved or merged run's
     *     rounds)
     */
    public record Row(
            String benchmark,
            String mode,
            Map<String, String> params,
            String metric,
            String unit,
            double score,
            List<Double> forks) {

        /** The key a series is made of: the benchmark, mode and params, the metric kept apart. */
        public BenchmarkKey key() {
            return BenchmarkKey.of(
                    metric.isEmpty() ? benchmark : benchmark + ":" + metric, mode, params == null ? Map.of() : params);
        }

        static Row of(JmhResult result) {
            BenchmarkKey key = result.key();
            String metric = key.metric();
            String benchmark = metric.isEmpty()
                    ? key.benchmark()
                    : key.benchmark().substring(0, key.benchmark().length() - metric.length() - 1);
            List<Double> forks = new ArrayList<>();
            for (double[] fork : result.samples()) {
                double mean =
                        Arrays.stream(fork).filter(Double::isFinite).average().orElse(Double.NaN);
                if (Double.isFinite(mean)) {
                    forks.add(mean);
                }
            }
            return new Row(
                    benchmark, key.mode(), new TreeMap<>(key.params()), metric, result.unit(), result.score(), forks);
        }
    }

    public Fingerprint fingerprint() {
        return Fingerprint.of(machine);
    }

    HistoryRecord withSeq(int newSeq) {
        return new HistoryRecord(format, newSeq, point, commit, date, amqpClient, run, machine, rows);
    }
}
