package org.rabbitmqjmh.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailoverTableTest {

    @TempDir
    Path dir;

    private static String run(int publishMs, int again, int nacked, int duplicates) {
        String windows = publishMs < 0
                ? "  publish unavailable: never confirmed again (kill to the first confirm)\n"
                        + "  consume unavailable: never delivered again (kill to the first delivery)\n"
                : "  publish unavailable: " + publishMs + " ms (kill to the first confirm)\n"
                        + "  consume unavailable: " + (publishMs + 2) + " ms (kill to the first delivery)\n";
        return "failover: kill=clients-node nodes=3 rate=1000/s window=100 size=16 B\n" + windows
                + "  published: 100 (" + again
                + " of them again, their confirm lost with the connection), confirmed: 90, nacked: "
                + nacked + ", unconfirmed at the end: 0\n"
                + "  delivered: 100, duplicates: " + duplicates + ", lost (confirmed, never delivered): 0\n";
    }

    @Test
    void aBatchIsOneRowWithWindowsOverTheRunsThatRecovered() throws Exception {
        Path file = dir.resolve("batch.txt");
        Files.writeString(file, run(500, 20, 0, 2) + run(600, 30, 0, 7) + run(550, 25, 0, 3) + run(-1, 10, 1400, 1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = FailoverTable.run(
                new String[] {file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2))
                .isEqualTo("| batch.txt | 4 | 550 (500–600) | 552 (502–602) | 10–30 | 1–7 | 0–1400 | 0 | 3 of 4 |");
    }

    @Test
    void aFileWithoutRunsIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("empty.txt"), "nothing here\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(FailoverTable.run(
                        new String[] {file.toString()}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("holds no run");
    }
}
