package org.rabbitmqjmh.results.calibration;

import java.util.List;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.JmhResult;

/**
 * {@code --metric NAME}, repeatable, as every calibration program reads it: only those metrics' rows, as
 * if the runs held no others ({@code score} or a secondary metric; all when none is named). A name no row
 * has is one line, not an empty table.
 */
record MetricChoice(List<String> names) {

    boolean keeps(BenchmarkKey key) {
        return names.isEmpty() || names.contains(key.metricName());
    }

    boolean keeps(JmhResult r) {
        return keeps(r.key());
    }

    /** The rows of {@code run} this choice keeps, or the one line that says it has none. */
    List<JmhResult> rows(List<JmhResult> all, Object run) throws BadInputException {
        return nonEmpty(all.stream().filter(this::keeps).toList(), run);
    }

    /** {@code rows}, or the one line that says {@code where} has no row of the metrics asked for. */
    <T> List<T> nonEmpty(List<T> rows, Object where) throws BadInputException {
        if (rows.isEmpty() && !names.isEmpty()) {
            throw new BadInputException(where + " has no row of --metric " + String.join(", ", names)
                    + "; allowed: score or a secondary metric the run has (cost.client.cpu.java, ...)");
        }
        return rows;
    }
}
