package org.rabbitmqjmh.results.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtocolTableTest {

    @TempDir
    Path dir;

    @Test
    void printShowsTheTableAndWritesNothing() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.copy(Path.of("results/protocols/run/jmh-result.json"), run.resolve("jmh-result.json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ProtocolTable.run(
                new String[] {"--print", run.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(Path.of("results/protocols/run/protocols.md"), StandardCharsets.UTF_8));
        try (var files = Files.list(run)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("jmh-result.json");
        }
    }
}
