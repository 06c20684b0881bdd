package org.rabbitmqjmh.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossCheckTableTest {

    @TempDir
    Path dir;

    @Test
    void eachPairSaysInHowManyTrialsItIsEqualAndByHowMuchTheOthersDiffer() {
        // The committed witness run of every protocol: its counters are the fixture.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CrossCheckTable.run(
                new String[] {"results/protocols/witness"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(exit).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2 + 14 + 1 + 3);
        assertThat(lines.get(2)).contains("protocol=amqp091").contains("| 12007 | 12007 | 0 |");
        assertThat(lines)
                .contains(
                        "- `broker.received` = `client.published` in 14 of 14 trials",
                        "- `broker.confirmed` = `client.confirmed` in 2 of 14 trials; the others differ by 1 to 94 messages");
    }

    @Test
    void aRunWithoutTheCountersIsRefused() {
        Path run = SyntheticRun.write(
                dir.resolve("run.json"),
                2,
                List.of(SyntheticRun.Entry.throughput("a.B.c").shape(2, 2).noise(0.0, 0.01)));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CrossCheckTable.run(
                new String[] {run.toString()}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no trial carries the cross-check's counters");
    }
}
