package org.rabbitmqjmh.results.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RoundsForFloor} by hand and on the committed interleaved A/A run of results/aa/README.md. */
class RoundsForFloorTest {

    private static final String RUN = "results/aa/interleaved/same/20261123T230759Z-41d42f4";

    @Test
    void roundsAreTheSquareOfTwoAndAHalfSdOverTheFloorRoundedUp() {
        assertThat(RoundsForFloor.roundsFor(0.064, 0.06)).isEqualTo(8); // 7.11
        assertThat(RoundsForFloor.roundsFor(0.12, 0.06)).isEqualTo(25); // exactly 25
        assertThat(RoundsForFloor.minutes(Duration.ofSeconds(197 * 60))).isEqualTo("3 h 17 min");
    }

    @Test
    void theCommittedAaRunGivesTheReadmesTable() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(RoundsForFloor.run(
                        new String[] {"--floor", "6", RUN},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err))
                .isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines)
                .anyMatch(l ->
                        l.startsWith("| InMemoryPublishBenchmark.publish |") && l.endsWith("| 6.4% | 8 | 26 min |"));
        assertThat(lines).anyMatch(l -> l.contains("queueType=quorum") && l.endsWith("| 18.5% | 60 | 3 h 17 min |"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("A round took 197 s: the run's 10 rounds in 33 min.");
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(RoundsForFloor.run(new String[] {RUN}, System.out, errs)).isEqualTo(2);
        assertThat(RoundsForFloor.run(new String[] {"--floor", "x", RUN}, System.out, errs))
                .isEqualTo(2);
        assertThat(RoundsForFloor.run(new String[] {"--floor", "6", "results/aa"}, System.out, errs))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(3);
    }
}
