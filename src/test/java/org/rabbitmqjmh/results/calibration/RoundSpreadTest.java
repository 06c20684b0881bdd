package org.rabbitmqjmh.results.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
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
        SyntheticRun.write(
                run.resolve("base").resolve("jmh-result.json"),
                3,
                List.of(SyntheticRun.Entry.throughput("a.B.row").shape(10, 4).noise(0.0, 0.05)));
        SyntheticRun.write(
                run.resolve("head").resolve("jmh-result.json"),
                4,
                List.of(SyntheticRun.Entry.throughput("a.B.row").shape(10, 4).noise(0.0, 0.05)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = RoundSpread.run(
                new String[] {run.toString(), "--match", "B.row"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
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
        int exit = RoundSpread.run(
                new String[] {dir.toString()}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no base/ and head/");
    }

    private static final Path AA = Path.of("results/gate/reductions/aa");

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RoundSpread.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {
            Integer.toString(status), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
        };
    }

    @Test
    void groupsSideBySideShowEachRowsSdOfLogRatiosPooledOverTheirRuns() throws Exception {
        DescriptiveStatistics ratios = new DescriptiveStatistics();
        JsonArray base = forks("base");
        JsonArray head = forks("head");
        for (int k = 0; k < base.size(); k++) {
            ratios.addValue(Math.log(
                    mean(head.get(k).getAsJsonArray()) / mean(base.get(k).getAsJsonArray())));
        }
        String[] r = run("--metric", "score", "aa=" + AA, "again=" + AA + "," + AA);
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        String unary = r[1].lines()
                .filter(l -> l.startsWith("| PublishBenchmark.publish | ") && l.contains("confirm=unary"))
                .findFirst()
                .orElseThrow();
        String sd = String.format(Locale.ROOT, "%.1f%%", 100 * ratios.getStandardDeviation());
        assertThat(unary)
                .contains("| 10 | " + sd + " |")
                .contains("| 20 | "); // the same rounds twice: their pooled count
        assertThat(r[1]).doesNotContain("cost.client.cpu");
    }

    @Test
    void aGroupThatIsNoInterleavedRunIsOneLineAndExit2() {
        String[] r = run("x=results/gate");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2].strip()).isEqualTo("round-spread: results/gate has no base/ and head/ (an interleaved run)");
        assertThat(run("x=" + AA, "results/gate/reductions/aa")[2])
                .startsWith("round-spread: 'results/gate/reductions/aa' is " + "not LABEL=RUN");
        assertThat(run("--match", "x", "a=" + AA, "b=" + AA)[0]).isEqualTo("2");
    }

    /** The unary row's forks (rounds): the first entry of the JSON. */
    private static JsonArray forks(String side) throws Exception {
        return JsonParser.parseString(Files.readString(AA.resolve(side).resolve("jmh-result.json")))
                .getAsJsonArray()
                .get(0)
                .getAsJsonObject()
                .getAsJsonObject("primaryMetric")
                .getAsJsonArray("rawData");
    }

    private static double mean(JsonArray fork) {
        double sum = 0;
        for (int i = 0; i < fork.size(); i++) {
            sum += fork.get(i).getAsDouble();
        }
        return sum / fork.size();
    }

    /** results/gate/quiet-host/cpu10: each round's ratio, in round order; the first round had the head below the base. */
    @Test
    void eachRoundsRatioIsShownInRoundOrder() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = RoundSpread.run(
                new String[] {"results/gate/quiet-host/cpu10", "--match", "cost.client.cpu.java", "--each"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(exit).isZero();
        String unary = out.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains("confirm=unary"))
                .findFirst()
                .orElseThrow();
        String[] rounds = unary.split("\\|")[4].trim().split(" ");
        assertThat(rounds).hasSize(6);
        assertThat(Double.parseDouble(rounds[0])).isLessThan(1.0);
    }
}
