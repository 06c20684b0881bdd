package org.rabbitmqjmh.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.BenchmarkMain;
import org.rabbitmqjmh.JavaProcess;

/** {@code --against}: base and head fork by fork on one private node, as a user runs it. */
class InterleavedTest {

  @TempDir
  Path results;

  private JavaProcess.Result launch(List<String> args) throws Exception {
    return JavaProcess.run(List.of("-Drabbitmqjmh.results=" + results), BenchmarkMain.class.getName(), args,
        Map.of(), 180);
  }

  @Test
  void roundsAlternateWhoGoesFirstAndEachSideKeepsItsForksInRoundOrder() throws Exception {
    // Both sides are this build (the test classpath); the head's forks get a property of their own.
    JavaProcess.Result r = launch(List.of("PublishOneBenchmark", "-f", "2", "-wi", "0", "-i", "1", "-r", "1s",
        "--against", System.getProperty("java.class.path"), "--head-property", "rabbitmqjmh.slowdown.ns=0",
        "--head-jvm-args", "-Dhead.marker=1", "--head-firehose"));
    // 0 or 1: whether two 1 s samples of the same code differ by more than 5% is chance, not the point here.
    assertThat(r.exitCode()).as(r.stderr()).isIn(0, 1);
    assertThat(r.stderr()).containsSubsequence(
        "# pass 1 of 1, round 1 of 2: base", "# pass 1 of 1, round 1 of 2: head",
        "# pass 1 of 1, round 2 of 2: head", "# pass 1 of 1, round 2 of 2: base");
    assertThat(r.stdout()).contains("PublishOneBenchmark.publish").contains("paired by round");
    Path run;
    try (Stream<Path> runs = Files.list(results)) {
      run = runs.findFirst().orElseThrow();
    }
    for (String side : List.of("base", "head")) {
      var entries = JsonParser.parseString(Files.readString(run.resolve(side).resolve("jmh-result.json")))
          .getAsJsonArray();
      assertThat(entries).hasSize(1);
      var entry = entries.get(0).getAsJsonObject();
      assertThat(entry.get("forks").getAsInt()).isEqualTo(2);
      assertThat(entry.getAsJsonObject("primaryMetric").getAsJsonArray("rawData")).hasSize(2);
      assertThat(run.resolve(side).resolve("rounds").resolve("pass1-round2.log")).exists();
    }
    String headArgs = JsonParser.parseString(Files.readString(run.resolve("head/rounds/pass1-round1.json")))
        .getAsJsonArray().get(0).getAsJsonObject().get("jvmArgs").toString();
    assertThat(headArgs).contains("-Drabbitmqjmh.slowdown.ns=0").contains("-Dhead.marker=1");
    String baseArgs = JsonParser.parseString(Files.readString(run.resolve("base/rounds/pass1-round1.json")))
        .getAsJsonArray().get(0).getAsJsonObject().get("jvmArgs").toString();
    assertThat(baseArgs).doesNotContain("slowdown").doesNotContain("head.marker");
    assertThat(r.stderr()).contains("firehose: on for the head's forks, off for the base's");
    assertThat(Files.readString(run.resolve("compare.md"))).contains("paired by round");
    assertThat(Files.readString(run.resolve("environment.properties"))).contains("interleaved.base=-cp")
        .contains("interleaved.head.changes=--head-property rabbitmqjmh.slowdown.ns\\=0 --head-jvm-args '-Dhead.marker\\=1' --head-firehose");
  }

  @Test
  void aBaseThatIsNoJarIsRefusedWithOneLineBeforeAnyBrokerStarts() throws Exception {
    JavaProcess.Result r = launch(List.of("PublishOneBenchmark", "-f", "2", "--against", "/no/such/benchmarks.jar"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr().strip()).isEqualTo("error: --against /no/such/benchmarks.jar is not a benchmarks jar "
        + "(nor a classpath); build the base with mvn package and give its target/benchmarks.jar");
    assertThat(results).isEmptyDirectory();
  }

  @Test
  void oneForkIsTooFewToPairAndSaysWhy() throws Exception {
    JavaProcess.Result r = launch(List.of("PublishOneBenchmark", "-f", "1", "--against",
        System.getProperty("java.class.path")));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr().strip()).startsWith("error: --against needs at least 2 forks per benchmark (-f 1)");
    assertThat(results).isEmptyDirectory();
  }
}
