package org.rabbitmqjmh.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.results.SyntheticRun.Entry;

class ReportTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

  @TempDir
  Path dir;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void aRunWithSweptParamsGetsOneChartPerParamAndAnIndexPage() throws Exception {
    Path run = SyntheticRun.writeRunFolder(dir.resolve("run"), 1, sweep(10_000));

    assertThat(report(run.toString())).isZero();

    assertThat(pngs(run)).containsExactlyInAnyOrder(
        "PublishOneBenchmark.publish-thrpt-by-size.png", "PublishOneBenchmark.publish-thrpt-by-confirm.png");
    for (String png : pngs(run)) {
      assertThat(Files.readAllBytes(run.resolve("charts").resolve(png))).startsWith(PNG_SIGNATURE);
    }
    String index = Files.readString(run.resolve("index.html"));
    assertThat(index).contains("<img src=\"charts/PublishOneBenchmark.publish-thrpt-by-size.png\"",
        "<td>profile</td><td>full</td>");
  }

  @Test
  void twoRunsAddAChangeChartToTheHeadFolder() throws Exception {
    Path base = SyntheticRun.writeRunFolder(dir.resolve("base"), 1, sweep(10_000));
    Path head = SyntheticRun.writeRunFolder(dir.resolve("head"), 2, sweep(9_000));

    assertThat(report(base.toString(), head.toString())).isZero();

    assertThat(pngs(head)).contains("compare-change.png");
    assertThat(Files.readString(head.resolve("index.html"))).contains("Compared with", "slower");
    assertThat(base.resolve("charts")).doesNotExist();
  }

  @Test
  void aRunWithoutSweptParamsStillGetsAnIndexPage() throws Exception {
    Path run = SyntheticRun.writeRunFolder(dir.resolve("run"), 1,
        List.of(Entry.throughput("a.B.c"), Entry.averageTime("a.B.d").params(Map.of("size", "16"))));

    assertThat(report(run.toString())).isZero();

    assertThat(pngs(run)).isEmpty();
    assertThat(Files.readString(run.resolve("index.html"))).contains("nothing to chart", "B.d");
  }

  @Test
  void aMissingRunFolderExitsTwoWithOneLine() {
    assertThat(report(dir.resolve("nope").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).strip().lines()).hasSize(1);
  }

  /** Size is numeric and charted on a log axis; confirm is a word and charted by category. */
  private static List<Entry> sweep(double mean) {
    List<Entry> entries = new ArrayList<>();
    for (String confirm : List.of("none", "async")) {
      for (String size : List.of("16", "1024", "65536")) {
        entries.add(Entry.throughput("org.rabbitmqjmh.benchmarks.publish.PublishOneBenchmark.publish")
            .shape(5, 5).mean(mean / Math.log(Integer.parseInt(size)))
            .params(Map.of("confirm", confirm, "size", size)));
      }
    }
    return entries;
  }

  private int report(String... args) {
    return Report.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static List<String> pngs(Path run) throws Exception {
    Path charts = run.resolve("charts");
    if (!Files.isDirectory(charts)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(charts)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).toList();
    }
  }
}
