package org.rabbitmqjmh.results.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.junit.jupiter.api.Test;

/** The round-to-round spread of head/base, read from a committed interleaved run (10 rounds, same jar). */
class RoundSpreadTest {

  private static final Path AA = Path.of("results/gate/reductions/aa");

  private static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = RoundSpread.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {Integer.toString(status), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void theUnaryRowsSpreadIsTheSdOfItsRoundsRatiosOverTheirMean() throws Exception {
    DescriptiveStatistics ratios = new DescriptiveStatistics();
    JsonArray base = forks("base");
    JsonArray head = forks("head");
    for (int k = 0; k < base.size(); k++) {
      ratios.addValue(mean(head.get(k).getAsJsonArray()) / mean(base.get(k).getAsJsonArray()));
    }
    String[] r = run("--metric", "score", "aa=" + AA, "again=" + AA + "," + AA);
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    String unary = r[1].lines().filter(l -> l.startsWith("| PublishBenchmark.publish | ") && l.contains("confirm=unary"))
        .findFirst().orElseThrow();
    String sd = String.format(Locale.ROOT, "%.1f%%", 100 * ratios.getStandardDeviation() / ratios.getMean());
    assertThat(unary).contains("| 10 | " + sd + " |").contains("| 20 | "); // the same rounds twice: their pooled count
    assertThat(r[1]).doesNotContain("cost.client.cpu");
  }

  @Test
  void aFolderThatIsNoInterleavedRunIsOneLineAndExit2() {
    String[] r = run("x=results/gate");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2].strip()).startsWith("RoundSpread: results/gate is not an interleaved run folder").doesNotContain("\n");
    assertThat(run("results/gate/reductions/aa")[2]).startsWith("RoundSpread: 'results/gate/reductions/aa' is not LABEL=RUN");
  }

  /** The unary row's forks (rounds): the first entry of the JSON. */
  private static JsonArray forks(String side) throws Exception {
    return JsonParser.parseString(Files.readString(AA.resolve(side).resolve("jmh-result.json"))).getAsJsonArray()
        .get(0).getAsJsonObject().getAsJsonObject("primaryMetric").getAsJsonArray("rawData");
  }

  private static double mean(JsonArray fork) {
    double sum = 0;
    for (int i = 0; i < fork.size(); i++) {
      sum += fork.get(i).getAsDouble();
    }
    return sum / fork.size();
  }
}
