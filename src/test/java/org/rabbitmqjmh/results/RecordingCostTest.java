package org.rabbitmqjmh.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RecordingCost} on the committed results/recording-cost/ runs. */
class RecordingCostTest {

    @Test
    void theCommittedRunsGiveTheRowsCostAndTheUnresolvedAb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(
                0,
                RecordingCost.run(
                        new String[] {
                            "results/recording-cost/recorder-ns.json", "results/recording-cost/jmh-result.json"
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream())));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.contains("| on | 95.6 ± 3.3 | 98.3; 94.3; 94.3 |"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("on - off: 14.3 ns/op;")));
        assertTrue(lines.contains("| off | 46,891 ± 6,640 | 42,182; 47,529; 45,537; 52,315 |"));
        assertTrue(lines.stream()
                .anyMatch(l -> l.contains("0.90 (medians of the iterations), 0.92 (means of the fork means)")
                        && l.contains("up to 24%")
                        && l.endsWith("Welch's t on the fork means 1.5.")));
    }

    @Test
    void aFileWithoutRecordingTrialsIsOneLineAndExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream outs = new PrintStream(new ByteArrayOutputStream());
        assertEquals(2, RecordingCost.run(new String[] {"results/quick-cbcc270/jmh-result.json"}, outs, errs));
        assertEquals(2, RecordingCost.run(new String[] {}, outs, errs));
        assertEquals(2, err.toString(StandardCharsets.UTF_8).lines().count());
    }
}
