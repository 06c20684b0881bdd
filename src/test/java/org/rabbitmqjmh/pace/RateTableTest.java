package org.rabbitmqjmh.pace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
                .filter(l -> l.startsWith("| size-"))
                .toList();
        assertThat(rows).hasSize(2);
        // What the search itself concluded, read back from its steps: the rows agree with each run's summary.
        for (String size : List.of("16", "1024")) {
            List<RateStep> steps = RateTable.read(Path.of("results/rabbitmq4/max-rate/size-" + size + "/steps.csv"));
            RateStep best = RateSearch.highest(steps).orElseThrow();
            assertThat(rows)
                    .anyMatch(r -> r.startsWith("| size-" + size + " | " + String.format("%.0f", best.rate()) + " |"));
        }
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
