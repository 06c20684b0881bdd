package org.rabbitmqjmh.perftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SideBySideTableTest {

    @TempDir
    Path dir;

    @Test
    void theCommittedCsvGivesTheSummaryTableOfSideBySideMd() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = SideBySideTable.run(
                new String[] {"results/perftest"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).isZero();
        List<String> printed = out.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> md = Files.readAllLines(Path.of("results/perftest/side-by-side.md"), StandardCharsets.UTF_8);
        int table = md.indexOf(md.stream()
                .filter(l -> l.startsWith("| scenario |"))
                .findFirst()
                .orElseThrow());
        assertThat(printed.subList(0, 6)).isEqualTo(md.subList(table, table + 6));
        assertThat(printed.get(7)).startsWith("Headline ratios").contains("confirm-each: 1.30");
    }

    @Test
    void roundsGivesTheRoundsTableOfSideBySideMd() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = SideBySideTable.run(
                new String[] {"--rounds", "results/perftest"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(exit).isZero();
        List<String> printed = out.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> md = Files.readAllLines(Path.of("results/perftest/side-by-side.md"), StandardCharsets.UTF_8);
        int table = md.indexOf("## Rounds") + 2;
        assertThat(printed).isEqualTo(md.subList(table, table + printed.size()));
        assertThat(printed).hasSize(26);
    }

    @Test
    void aFolderWithoutTheCsvIsRefused() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(SideBySideTable.run(
                        new String[] {dir.toString()}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read");
    }
}
