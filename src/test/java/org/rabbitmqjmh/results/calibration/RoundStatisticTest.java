package org.rabbitmqjmh.results.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundStatisticTest {

    /** results/gate/aa10's round 9 stalled on the quorum row: a round's median iteration steadies that row only. */
    @Test
    void theMedianSteadiesTheStalledRowOfTheCommittedAaRun() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = RoundStatistic.run(
                new String[] {"--metric", "cost.broker.cpu", "results/gate/aa10"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(exit).isZero();
        List<String> quorum = out.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains("queueType=quorum"))
                .toList();
        assertThat(quorum).hasSize(1);
        String[] cells = quorum.get(0).split("\\|");
        double byMeans = Double.parseDouble(cells[4].trim().replace("%", ""));
        double byMedians = Double.parseDouble(cells[5].trim().replace("%", ""));
        assertThat(byMedians).isLessThan(byMeans / 2);
    }

    @Test
    void aFolderThatIsNotAnInterleavedRunIsOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RoundStatistic.run(
                new String[] {"results/gate"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
    }
}
