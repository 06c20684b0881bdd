package org.rabbitmqjmh.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run summary of a committed run: one row per trial, its score, costs, latency and witness. */
class RunSummaryTest {

    private static final Path QUICK =
            Path.of("results", "broker-versions", "quick", "20261204T121715Z-1dd58ae", "head", "jmh-result.json");

    @TempDir
    Path run;

    @Test
    void oneRowPerTrialWithItsScoreCostsLatencyAndWitness() throws Exception {
        String text = RunSummary.write(run, QUICK);
        assertThat(Files.readString(run.resolve(RunSummary.FILE), StandardCharsets.UTF_8))
                .isEqualTo(text);
        long trials = JmhJson.read(QUICK, m -> false).size();
        String[] rows = text.lines()
                .filter(l -> l.startsWith("| ") && !l.startsWith("| trial") && !l.startsWith("| ---"))
                .toArray(String[]::new);
        assertThat(rows).hasSize((int) trials);
        String publish = Arrays.stream(rows)
                .filter(r -> r.startsWith("| PublishBenchmark.publish"))
                .findFirst()
                .orElseThrow();
        assertThat(publish).doesNotContain("NaN").contains("ops/s", "ns/msg", "B/msg", "e2e ", "agreed");
        assertThat(publish).as("a run from before the order check").endsWith("| - |");
        assertThat(text).contains("org.rabbitmqjmh.results.compare.Compare BASE " + run);
    }

    @Test
    void theOrderColumnSaysNoGapAndTheCountersAboveZeroOrThatNothingWasChecked() {
        assertThat(RunSummary.order(Map.of())).isEqualTo("-");
        assertThat(RunSummary.order(Map.of("order.duplicates", counter(0), "order.out-of-order", counter(0))))
                .isEqualTo("no gap");
        assertThat(RunSummary.order(Map.of(
                        "order.duplicates", counter(2),
                        "order.out-of-order", counter(0),
                        "order.redelivered", counter(5))))
                .isEqualTo("no gap, 2 duplicates, 5 redelivered");
    }

    private static JmhResult counter(double value) {
        BenchmarkKey key = new BenchmarkKey("B.m:order", "thrpt", new TreeMap<>());
        return new JmhResult(key, "max", value, Double.NaN, new double[0][]);
    }
}
