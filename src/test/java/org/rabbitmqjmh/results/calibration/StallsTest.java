package org.rabbitmqjmh.results.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Stalls} on the committed A/A run of 4 December: its two quorum stalls, as results/noise/README.md tells them. */
class StallsTest {

    @Test
    void theFourthOfDecembersTwoStallsFromTheCommittedRun() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(
                0,
                Stalls.run(
                        new String[] {"--match", "queueType=quorum", "4-Dec=results/gate/user-cpu/aa10"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream())));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size());
        assertEquals("| 4-Dec | head | 4 | 4 | 3086 | 410900 | 38170 | 67060 |", lines.get(2));
        assertEquals("| 4-Dec | head | 7 | 1 | 7565 | 125100 | 38170 | 67060 |", lines.get(3));
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream outs = new PrintStream(new ByteArrayOutputStream());
        assertEquals(2, Stalls.run(new String[] {"4-Dec=results/gate/user-cpu/aa10"}, outs, errs));
        assertEquals(
                2, Stalls.run(new String[] {"--match", "queueType=quorum", "results/gate/user-cpu/aa10"}, outs, errs));
        assertEquals(
                2,
                Stalls.run(new String[] {"--match", "PublishBenchmark", "x=results/gate/user-cpu/aa10"}, outs, errs));
        assertEquals(3, err.toString(StandardCharsets.UTF_8).lines().count());
    }
}
