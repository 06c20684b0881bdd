package org.rabbitmqjmh.results.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.results.SyntheticRun;

class PerForkTest {

    @TempDir
    Path dir;

    @Test
    void eachForkIsARowAndAMetricNoForkHasIsLeftOut() {
        Path run = SyntheticRun.write(
                dir.resolve("run.json"),
                3,
                List.of(SyntheticRun.Entry.throughput("a.B.c").shape(3, 4).noise(0.0, 0.05)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = PerFork.run(
                new String[] {run.toString(), "cost.broker.cpu"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(exit).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).startsWith("**B.c");
        assertThat(lines.get(2)).isEqualTo("| fork | score (ops/s) |");
        assertThat(lines.subList(4, lines.size())).hasSize(3).noneMatch(l -> l.contains("-"));
        assertThat(lines.get(4)).startsWith("| 1 | ");
    }

    @Test
    void cpuThatFollowsTheProbeExactlyLeavesNothingOnceDivided() {
        String line = PerFork.probeLine(new double[] {1, 2, 4, 8}, new double[] {3, 6, 12, 24});
        assertThat(line)
                .contains("r = 1.00")
                .contains("of log(CPU per message / probe) 0.0%")
                .contains("fitted slope 1.00: 0.0%");
    }

    @Test
    void aRunThatIsNoFileIsRefused() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = PerFork.run(
                new String[] {dir.resolve("none").toString()},
                System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
    }
}
