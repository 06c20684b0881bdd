package org.rabbitmqjmh.pace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateTableTest {

    @Test
    void theCommittedRunsGiveTheirHighestPassAndFirstFailure() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(RateTable.run(
                        new String[] {"results/rabbitmq4/max-rate"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err))
                .isZero();
        List<String> rows = out.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.startsWith("| classic-") || l.startsWith("| quorum-"))
                .toList();
        assertThat(rows).hasSize(4);
        // What each search concluded, read back from its steps; and the run's own summary has the same rows.
        String summary = Files.readString(Path.of("results/rabbitmq4/max-rate/summary.md"));
        for (String setting : List.of("classic-16B", "classic-1024B", "quorum-16B", "quorum-1024B")) {
            List<RateStep> steps = RateTable.read(Path.of("results/rabbitmq4/max-rate/" + setting + "/steps.csv"));
            RateStep best = RateSearch.highest(steps).orElseThrow();
            assertThat(rows)
                    .anyMatch(r -> r.startsWith("| " + setting + " | " + String.format("%.0f", best.rate()) + " |"));
        }
        assertThat(rows).allMatch(summary::contains);
    }

    @Test
    void aFolderWithoutRunsIsOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(RateTable.run(
                        new String[] {"results/rabbitmq4/amqp10"},
                        System.out,
                        new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
    }
}
