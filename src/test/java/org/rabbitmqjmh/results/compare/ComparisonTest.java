package org.rabbitmqjmh.results.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;
import org.rabbitmqjmh.results.SyntheticRun;
import org.rabbitmqjmh.results.SyntheticRun.Entry;

class ComparisonTest {

    private static final String PUBLISH = "org.rabbitmqjmh.benchmarks.publish.PublishOneBenchmark.publish";
    private static final double THRESHOLD = 5;

    @TempDir
    Path dir;

    @Test
    void twoQuickRunsOfTheSameCodeRarelyDisagree() {
        // The quick profile's shape: one fork of three iterations; a single fork cannot show fork-to-fork spread.
        Entry same = Entry.throughput(PUBLISH).shape(1, 3).noise(0.04, 0);
        assertThat(seedsFlaggingAnyRow(same, same)).isLessThanOrEqualTo(5);
    }

    @Test
    void twoFullRunsOfTheSameCodeRarelyDisagreeEvenWhenForksDiffer() {
        // The full profile's shape: two forks of five iterations, forks differing by 2% on top of 4% noise.
        Entry same = Entry.throughput(PUBLISH).shape(2, 5).noise(0.04, 0.02);
        assertThat(seedsFlaggingAnyRow(same, same)).isLessThanOrEqualTo(5);
    }

    @Test
    void aTenPercentThroughputLossIsSlower() {
        Entry base = Entry.throughput(PUBLISH).shape(5, 5).noise(0.04, 0.02);
        Entry head = base.mean(base.mean() * 0.9);
        int flagged = 0;
        for (long seed = 0; seed < 100; seed++) {
            ComparisonRow row = compare(base, head, seed).rows().get(0);
            if (row.verdict() == Verdict.SLOWER) {
                flagged++;
            }
            assertThat(row.verdict()).isNotEqualTo(Verdict.FASTER);
        }
        assertThat(flagged).isGreaterThanOrEqualTo(95);
    }

    @Test
    void moreTimePerOperationIsSlower() {
        Entry base = Entry.averageTime(PUBLISH).shape(5, 5);
        ComparisonRow row =
                compare(base, base.mean(base.mean() * 1.1), 1).rows().get(0);
        assertThat(row.ratio()).isGreaterThan(1.05);
        assertThat(row.verdict()).isEqualTo(Verdict.SLOWER);
    }

    @Test
    void moreOperationsPerSecondIsFaster() {
        Entry base = Entry.throughput(PUBLISH).shape(5, 5);
        Comparison comparison = compare(base, base.mean(base.mean() * 1.1), 1);
        assertThat(comparison.rows().get(0).verdict()).isEqualTo(Verdict.FASTER);
        assertThat(comparison.regressed()).isFalse();
    }

    @Test
    void aSignificantChangeSmallerThanTheThresholdIsNoChange() {
        Entry base = Entry.throughput(PUBLISH).shape(5, 10).noise(0.005, 0);
        ComparisonRow row =
                compare(base, base.mean(base.mean() * 0.97), 1).rows().get(0);
        assertThat(row.interval().high()).isLessThan(1);
        assertThat(row.verdict()).isEqualTo(Verdict.NO_CHANGE);
    }

    @Test
    void theIntervalHoldsTheObservedRatioAndIsReproducible() {
        Entry base = Entry.throughput(PUBLISH).shape(2, 5);
        ComparisonRow first = compare(base, base.mean(9_500), 3).rows().get(0);
        ComparisonRow again = compare(base, base.mean(9_500), 3).rows().get(0);
        assertThat(first.interval().low()).isLessThan(first.ratio());
        assertThat(first.interval().high()).isGreaterThan(first.ratio());
        assertThat(again).isEqualTo(first);
    }

    @Test
    void rowsMatchOnBenchmarkModeAndParamsAndTheRestIsListedNotFailed() {
        Entry small = Entry.throughput(PUBLISH).params(Map.of("size", "16", "confirm", "none"));
        Entry large = Entry.throughput(PUBLISH).params(Map.of("size", "4096", "confirm", "none"));
        Entry huge = Entry.throughput(PUBLISH).params(Map.of("size", "65536", "confirm", "none"));
        List<JmhResult> base = read("base.json", 1, List.of(small, large));
        List<JmhResult> head = read("head.json", 2, List.of(large, huge, small));

        Comparison comparison = Comparison.of(base, head, THRESHOLD);

        assertThat(comparison.rows())
                .extracting(r -> r.key().paramsLabel())
                .containsExactly("confirm=none size=16", "confirm=none size=4096");
        assertThat(comparison.onlyInBase()).isEmpty();
        assertThat(comparison.onlyInHead())
                .extracting(BenchmarkKey::paramsLabel)
                .containsExactly("confirm=none size=65536");
    }

    @Test
    void theBaseAndHeadColumnsShowWhatTheRatioDivides() {
        // JMH's score (rounded in its table) can differ from the mean of the raw data the ratio uses.
        double[][] baseRaw = {{3_333_000, 3_333_000}, {3_333_000, 3_333_000}};
        double[][] headRaw = {{2_833_050, 2_833_050}, {2_833_050, 2_833_050}};
        JmhResult base = new JmhResult(BenchmarkKey.of(PUBLISH, "thrpt", Map.of()), "ops/s", 3_333_000, 1, baseRaw);
        JmhResult head = new JmhResult(BenchmarkKey.of(PUBLISH, "thrpt", Map.of()), "ops/s", 3_333_000, 1, headRaw);
        ComparisonRow row =
                Comparison.of(List.of(base), List.of(head), THRESHOLD).rows().get(0);
        assertThat(row.ratio()).isCloseTo(0.85, Assertions.within(1e-9));
        assertThat(row.headScore() / row.baseScore()).isCloseTo(row.ratio(), Assertions.within(1e-12));
    }

    @Test
    void aFileWithoutRawDataFallsBackToScoreErrors() {
        JmhResult base = new JmhResult(BenchmarkKey.of(PUBLISH, "thrpt", Map.of()), "ops/s", 1000, 10, new double[0][]);
        JmhResult head = new JmhResult(BenchmarkKey.of(PUBLISH, "thrpt", Map.of()), "ops/s", 800, 10, new double[0][]);
        ComparisonRow row =
                Comparison.of(List.of(base), List.of(head), THRESHOLD).rows().get(0);
        assertThat(row.fromSamples()).isFalse();
        assertThat(row.interval().high()).isLessThan(1);
        assertThat(row.verdict()).isEqualTo(Verdict.SLOWER);
    }

    private int seedsFlaggingAnyRow(Entry base, Entry head) {
        int flagged = 0;
        for (long seed = 0; seed < 100; seed++) {
            if (compare(base, head, seed).rows().stream().anyMatch(r -> r.verdict() != Verdict.NO_CHANGE)) {
                flagged++;
            }
        }
        return flagged;
    }

    /** Base and head drawn independently: seeds 2s and 2s+1. */
    private Comparison compare(Entry base, Entry head, long seed) {
        List<JmhResult> b = read("base-" + seed + ".json", 2 * seed, List.of(base));
        List<JmhResult> h = read("head-" + seed + ".json", 2 * seed + 1, List.of(head));
        return Comparison.of(b, h, THRESHOLD);
    }

    private List<JmhResult> read(String name, long seed, List<Entry> entries) {
        try {
            return JmhJson.read(SyntheticRun.write(dir.resolve(name), seed, entries));
        } catch (BadInputException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
