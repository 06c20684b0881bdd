package org.rabbitmqjmh.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
        assertThat(text).contains("org.rabbitmqjmh.results.compare.Compare BASE " + run);
    }
}
