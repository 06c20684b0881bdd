package org.rabbitmqjmh.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalSizesTest {

    @Test
    void aSmallLogByHand(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("wal.log");
        Files.write(
                log,
                List.of(
                        "10:00:00 # round 1 | 00000001.wal=5",
                        "10:00:10 # round 1 | 00000001.wal=50000005", // 5 MB/s
                        "10:00:20 # round 1 | 00000001.wal=150000005", // 10 MB/s
                        "10:00:30 # round 2 | 00000002.wal=20000000", // a roll-over: no growth counted
                        "no size on this line",
                        "10:00:40 # round 2 | 00000002.wal=80000000")); // 6 MB/s
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(
                0,
                WalSizes.run(
                        new String[] {log.toString()},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream())));
        assertEquals(
                "| wal.log | 2 | 1 | 80 | 150 | 6.0 | 10.0 |",
                out.toString(StandardCharsets.UTF_8).lines().toList().get(2));
    }

    @Test
    void theCommittedLogsOfResultsNoise() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(
                0,
                WalSizes.run(
                        new String[] {
                            "results/noise/quorum-log/wal-sizes-aa10.log", "results/noise/quorum-log/wal-sizes.log"
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream())));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        // Four roll-overs in the A/A run beside the log; a fork writes 106-134 MB to a log started afresh.
        assertTrue(lines.get(2).startsWith("| wal-sizes-aa10.log | 5 | 4 | "), lines.get(2));
        assertTrue(lines.get(3).startsWith("| wal-sizes.log | 20 | 19 | 106 | 134 | "), lines.get(3));
    }

    @Test
    void badInputIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.log"), "nothing\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream outs = new PrintStream(new ByteArrayOutputStream());
        assertEquals(2, WalSizes.run(new String[] {}, outs, errs));
        assertEquals(2, WalSizes.run(new String[] {empty.toString()}, outs, errs));
        assertEquals(2, WalSizes.run(new String[] {dir.resolve("missing.log").toString()}, outs, errs));
        assertEquals(3, err.toString(StandardCharsets.UTF_8).lines().count());
    }
}
