package org.rabbitmqjmh.results.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.Direction;
import org.rabbitmqjmh.results.Metrics;

/**
 * One row and metric through a history: a value per record that has it, in record order, with the
 * spread of its forks. A row a record lacks (a benchmark added later, a metric an older build did not
 * measure) is a gap, not a zero: the series skips it.
 *
 * @param points the x-axis labels of the records that have the row
 * @param commits the suite's commit at each of them
 * @param values the score at each of them
 * @param low the smallest fork mean at each point (the band's lower edge)
 * @param high the largest fork mean at each point
 */
public record Series(
        BenchmarkKey key,
        String unit,
        List<String> points,
        List<String> commits,
        double[] values,
        double[] low,
        double[] high) {

    public Direction direction() {
        return Direction.of(key.mode(), unit);
    }

    public boolean gated() {
        return Metrics.isGated(key.metric());
    }

    public int size() {
        return values.length;
    }

    /** Every series of a machine's records, in the order rows first appear. Rows whose unit changes split. */
    public static List<Series> of(List<HistoryRecord> records) {
        Map<String, Builder> builders = new LinkedHashMap<>();
        for (HistoryRecord record : records) {
            for (HistoryRecord.Row row : record.rows()) {
                BenchmarkKey key = row.key();
                String id = key.label() + " [" + row.unit() + "]";
                builders.computeIfAbsent(id, k -> new Builder(key, row.unit())).add(record, row);
            }
        }
        List<Series> series = new ArrayList<>();
        builders.values().forEach(b -> series.add(b.build()));
        return series;
    }

    private static final class Builder {
        private final BenchmarkKey key;
        private final String unit;
        private final List<String> points = new ArrayList<>();
        private final List<String> commits = new ArrayList<>();
        private final List<Double> values = new ArrayList<>();
        private final List<Double> low = new ArrayList<>();
        private final List<Double> high = new ArrayList<>();

        Builder(BenchmarkKey key, String unit) {
            this.key = key;
            this.unit = unit;
        }

        void add(HistoryRecord record, HistoryRecord.Row row) {
            points.add(record.point());
            commits.add(record.commit());
            values.add(row.score());
            List<Double> forks = row.forks() == null || row.forks().isEmpty() ? List.of(row.score()) : row.forks();
            low.add(forks.stream().mapToDouble(Double::doubleValue).min().orElse(row.score()));
            high.add(forks.stream().mapToDouble(Double::doubleValue).max().orElse(row.score()));
        }

        Series build() {
            return new Series(
                    key,
                    unit,
                    List.copyOf(points),
                    List.copyOf(commits),
                    values.stream().mapToDouble(Double::doubleValue).toArray(),
                    low.stream().mapToDouble(Double::doubleValue).toArray(),
                    high.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }
}
