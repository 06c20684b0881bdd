package org.rabbitmqjmh.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedTableTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SeedTable.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theCommittedDrainsSitBesideTheSeedsAveragesWithTheirRatio() {
        int exit = run(
                "results/consumers/drain-8000-80000.json",
                "--rows",
                "messages",
                "--columns",
                "style",
                "--cell",
                "runs",
                "--scale",
                "0.001",
                "--unit",
                "s",
                "--source",
                "results/consumers/source-drain-8000-80000.csv",
                "--ratio",
                "source async avg of 5 (s)=callback");

        assertThat(exit).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0))
                .startsWith("| messages | ours, callback, s: each run | ours, blocking-handoff, s: each run |");
        // Five single-shot drains a cell, in seconds; the seed's average; the average over our median.
        assertThat(lines.get(2)).startsWith("| 8000 | 0.2305, 0.1739, 0.2037, 0.1926, 0.1667 |");
        assertThat(lines.get(2)).endsWith("| 1.459 | 1.450 | 7.6× |");
    }

    @Test
    void efficiencyIsTheIdealOverTheMedian() {
        assertThat(run(
                        "results/consumers/worker-pool-cpu.json",
                        "--rows",
                        "workers",
                        "--columns",
                        "work",
                        "--cell",
                        "median",
                        "--efficiency",
                        "ideal.ms"))
                .isZero();
        // 400 tasks of 10 ms on 2 workers: ideal 2,000 ms against a median of 4,209 ms, one CPU.
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).contains("| 2 | 4209 | 48% |");
    }

    @Test
    void aWrongParamRatioOrScaleIsOneLine() {
        assertThat(run("results/consumers/drain-2000.json", "--rows", "nope", "--columns", "style"))
                .isEqualTo(2);
        assertThat(run(
                        "results/consumers/drain-2000.json",
                        "--rows",
                        "prefetch",
                        "--columns",
                        "style",
                        "--ratio",
                        "a=b"))
                .isEqualTo(2);
        assertThat(run(
                        "results/consumers/drain-2000.json",
                        "--rows",
                        "prefetch",
                        "--columns",
                        "style",
                        "--scale",
                        "0.001"))
                .isEqualTo(2);
        assertThat(run("results/consumers/drain-2000.json")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(4).allMatch(l -> l.startsWith("error: "));
        assertThat(out.size()).isZero();
    }
}
