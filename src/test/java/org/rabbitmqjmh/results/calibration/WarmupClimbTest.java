package org.rabbitmqjmh.results.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link WarmupClimb} on the 15 committed run-against-run A/A runs, the climb results/aa/README.md describes. */
class WarmupClimbTest {

    @Test
    void theQuorumAndConsumeRowsClimbOverTheFifteenCommittedRuns() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(WarmupClimb.run(
                        new String[] {"results/aa/run-against-run/same"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err))
                .isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(10);
        // 15 runs of 3 forks; the quorum row's first iteration 12% below its fork's mean, the last 9% above.
        assertThat(lines).anyMatch(l -> l.contains("queueType=quorum") && l.endsWith("| 45 | 3 | -12.0% | +9.3% |"));
        assertThat(lines)
                .anyMatch(l -> l.startsWith("| ConsumeThroughputBenchmark.consume |")
                        && l.endsWith("| 45 | 3 | -9.2% | +13.5% |"));
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(WarmupClimb.run(new String[] {}, System.out, errs)).isEqualTo(2);
        assertThat(WarmupClimb.run(new String[] {"results/aa"}, System.out, errs))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
    }
}
