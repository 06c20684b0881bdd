package org.rabbitmqjmh.pace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhaseTableTest {

    @Test
    void eachCommittedRunIsARowOfItsPhasesAndItsSums() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(PhaseTable.run(
                        new String[] {"results/pace"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err))
                .isZero();
        // memory-alarm's summary.md: 710 / 501 / 0 msg/s produced, blocked 4.9 + 9.0 + 20.0 s.
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .hasSize(2 + 4)
                .contains("| memory-alarm | 710 / 501 / 0 | 3137 / 8140 / 244 | 22112.4 | 0 | 0 | 33.9 |");
    }

    @Test
    void aFolderWithoutRunsOrASummaryOfAnotherShapeIsOneLine(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(PhaseTable.run(new String[] {dir.toString()}, System.out, errs))
                .isEqualTo(2);
        Files.createDirectory(dir.resolve("run"));
        Files.writeString(dir.resolve("run/summary.md"), "| a | b |\n|---|---|\n| 1 | 2 |\n");
        assertThat(PhaseTable.run(new String[] {dir.toString()}, System.out, errs))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(2).allMatch(l -> l.startsWith("error: "));
    }
}
