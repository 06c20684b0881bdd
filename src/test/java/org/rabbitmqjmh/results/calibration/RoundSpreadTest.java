package org.rabbitmqjmh.results.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.results.SyntheticRun;

class RoundSpreadTest {

  @TempDir
  Path dir;

  @Test
  void aRowOfAnInterleavedRunShowsItsRoundsAndNoStallWhereNoneIs() throws Exception {
    Path run = dir.resolve("run");
    Files.createDirectories(run.resolve("base"));
    Files.createDirectories(run.resolve("head"));
    SyntheticRun.write(run.resolve("base").resolve("jmh-result.json"), 3, List.of(
        SyntheticRun.Entry.throughput("a.B.row").shape(10, 4).noise(0.0, 0.05)));
    SyntheticRun.write(run.resolve("head").resolve("jmh-result.json"), 4, List.of(
        SyntheticRun.Entry.throughput("a.B.row").shape(10, 4).noise(0.0, 0.05)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = RoundSpread.run(new String[] {run.toString(), "--match", "B.row"},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertThat(exit).isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(3);
    String[] cells = lines.get(2).split("\\|");
    assertThat(cells[4].trim()).isEqualTo("10");
    assertThat(Double.parseDouble(cells[5].trim().replace("%", ""))).isBetween(0.5, 15.0);
    assertThat(cells[8].trim()).isEqualTo("0");
  }

  @Test
  void aRunThatIsNotInterleavedIsRefused() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = RoundSpread.run(new String[] {dir.toString()}, System.out,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no base/ and head/");
  }
}
