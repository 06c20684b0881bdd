package org.rabbitmqjmh.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdleBrokerCpuTest {

    /** pid 1 (base) busy (1 core) for the first two intervals, idle after; pids 2 and 3 (head) the reverse. */
    private static final List<String> SAMPLES = List.of(
            "0 1 0 0",
            "0 2 0 0",
            "0 3 0 0",
            "2 1 150 50",
            "2 2 2 0",
            "2 3 0 2",
            "4 1 300 100",
            "4 2 6 0",
            "4 3 0 2",
            "6 1 300 100",
            "6 2 106 50",
            "6 3 50 2");

    @Test
    void measuresEachSideOnlyWhileTheOtherIsBusy() {
        var rates = IdleBrokerCpu.rates(SAMPLES);
        assertEquals(
                "head: 2 samples, CPU median 0.020 cores (user 0.015, sys 0.005), p90 0.020\n",
                IdleBrokerCpu.line("head", rates, List.of(2L, 3L), List.of(1L)).replace(System.lineSeparator(), "\n"));
        assertEquals(
                "base: 1 samples, CPU median 0.000 cores (user 0.000, sys 0.000), p90 0.000\n",
                IdleBrokerCpu.line("base", rates, List.of(1L), List.of(2L, 3L)).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void runNamesTheSidesByTheirPidsAndRejectsBadArguments(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("beam-cpu.txt");
        Files.write(file, SAMPLES, StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(
                0,
                IdleBrokerCpu.run(
                        new String[] {file.toString(), "1", "2,3"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        err));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(true, text.startsWith("head (2,3) while base runs: 2 samples"), text);
        assertEquals(2, IdleBrokerCpu.run(new String[] {file.toString(), "x", "2"}, System.out, err));
        assertEquals(2, IdleBrokerCpu.run(new String[] {file.toString()}, System.out, err));
    }
}
