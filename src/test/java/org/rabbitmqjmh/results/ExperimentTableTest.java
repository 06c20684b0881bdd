package org.rabbitmqjmh.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentTableTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ExperimentTable.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void eachCommittedSummaryIsARowAndAPathARunDidNotMeasureIsADash() {
        assertThat(run("results/experiment-000/summary-mode2.md", "results/experiment-000/summary-mode1.md"))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsSubsequence(
                        "| summary-mode2.md | 10525 | 10556 | 4123 / 17055 / 33535 | 5923 / 20383 / 39551 |",
                        "| summary-mode1.md | 46363 | 25407 | 1242111 / 1801215 / 1804287 | - |");
    }

    @Test
    void noSummaryOrOneOfAnotherShapeIsOneLine(@TempDir Path dir) throws Exception {
        Path other = Files.writeString(dir.resolve("summary.md"), "# Not an experiment\n\n| a |\n|---|\n| 1 |\n");
        assertThat(run()).isEqualTo(2);
        assertThat(run(other.toString())).isEqualTo(2);
        assertThat(run(dir.resolve("missing.md").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(3);
        assertThat(out.size()).isZero();
    }

    @Test
    void markdownTablesAreReadBackWithoutTheirRuleLines(@TempDir Path dir) throws Exception {
        Path md = Files.writeString(
                dir.resolve("t.md"), "text\n\n| a | b |\n|---|---:|\n| 1 | 2 |\n\n| c |\n| --- |\n| 3 |\n");
        assertThat(MarkdownTables.read(md))
                .containsExactly(List.of(List.of("a", "b"), List.of("1", "2")), List.of(List.of("c"), List.of("3")));
    }
}
