package org.rabbitmqjmh.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link QuickTable} on the committed quick run of cbcc270 (one fork, 3 iterations a trial). */
class QuickTableTest {

    @Test
    void theCommittedQuickRunRowByRow() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(
                0,
                QuickTable.run(
                        new String[] {"results/quick-cbcc270"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream())));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2 + 18, lines.size());
        // The median of 23,039, 38,962 and 41,190 ops/s; latencies under 10 µs with two decimals.
        assertTrue(lines.contains("| PublishBenchmark | base point | 38,962 ops/s | 2,000 / 8,081 | 2,542 / 9,789 |"));
        assertTrue(lines.get(2)
                .startsWith("| InMemoryPublishBenchmark | messageSize=16 | 1,646,286 ops/s | 0.06 / 0.88 |"));
        assertTrue(lines.contains("| PublishBenchmark | batch=0 confirm=none recording=off | 51,814 ops/s | n/a / n/a "
                + "| 4,041,212 / 4,995,416 |"));
    }

    @Test
    void ratiosAreEachThroughputTrialOverTheBasePoint() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(
                0,
                QuickTable.run(
                        new String[] {"--ratios", "results/quick-cbcc270"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream())));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.contains("| PublishBenchmark | base point | 1.00 |"));
        // 5,497 / 38,962 ops/s; the drain and the worker pool (ms/op) have no ratio.
        assertTrue(lines.contains("| PublishBenchmark | confirm=unary | 0.14 |"));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("| DrainBenchmark")));
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream outs = new PrintStream(new ByteArrayOutputStream());
        assertEquals(2, QuickTable.run(new String[] {}, outs, errs));
        assertEquals(2, QuickTable.run(new String[] {"results/no-such-run"}, outs, errs));
        assertEquals(2, QuickTable.run(new String[] {"--bogus", "results/quick-cbcc270"}, outs, errs));
        assertEquals(3, err.toString(StandardCharsets.UTF_8).lines().count());
    }
}
