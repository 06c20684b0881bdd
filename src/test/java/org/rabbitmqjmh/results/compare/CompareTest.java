package org.rabbitmqjmh.results.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.SyntheticRun;
import org.rabbitmqjmh.results.SyntheticRun.Entry;

class CompareTest {

    private static final Entry PUBLISH = Entry.throughput(
                    "org.rabbitmqjmh.benchmarks.publish.PublishOneBenchmark.publish")
            .shape(5, 5)
            .noise(0.04, 0.02);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aTenPercentSlowdownExitsOneAndSaysSlower() throws Exception {
        Path base = SyntheticRun.writeRunFolder(dir.resolve("20250101T000000Z-aaaa"), 1, List.of(PUBLISH));
        Path head = SyntheticRun.writeRunFolder(dir.resolve("20250102T000000Z-bbbb"), 2, List.of(PUBLISH.mean(9_000)));
        Path markdown = dir.resolve("compare.md");

        int exit = compare("--markdown", markdown.toString(), base.toString(), head.toString());

        assertThat(exit).isEqualTo(Compare.REGRESSION);
        assertThat(stdout()).contains("PublishOneBenchmark.publish", "slower", "1 slower, 0 faster, 0 no change");
        assertThat(stderr()).isEmpty();
        assertThat(Files.readString(markdown)).contains("| benchmark | mode |", "| slower |");
    }

    @Test
    void aRowsNoiseFloorAboveItsChangeKeepsItQuiet() throws Exception {
        Path base = SyntheticRun.writeRunFolder(dir.resolve("20250101T000000Z-aaaa"), 1, List.of(PUBLISH));
        Path head = SyntheticRun.writeRunFolder(dir.resolve("20250102T000000Z-bbbb"), 2, List.of(PUBLISH.mean(9_000)));
        String row = JmhJson.read(base).get(0).key().label();
        Path wide = dir.resolve("wide.properties");
        new NoiseFloors(Map.of(row, 15.0)).write(wide, "test");
        Path narrow = dir.resolve("narrow.properties");
        new NoiseFloors(Map.of(row, 4.0)).write(narrow, "test");

        assertThat(compare("--noise", wide.toString(), base.toString(), head.toString()))
                .isEqualTo(Compare.NO_REGRESSION);
        assertThat(stdout()).contains("15%", "no change", "or a row's noise floor");
        out.reset();
        assertThat(compare("--noise", narrow.toString(), base.toString(), head.toString()))
                .isEqualTo(Compare.REGRESSION);
        assertThat(stdout()).contains("slower");
        assertThat(NoiseFloors.read(wide).percent(JmhJson.read(base).get(0).key()))
                .isEqualTo(15.0);
    }

    @Test
    void aNoiseFileThatIsNotOneExitsTwoWithOneLine() throws Exception {
        Path base = SyntheticRun.writeRunFolder(dir.resolve("20250101T000000Z-aaaa"), 1, List.of(PUBLISH));
        Path bad = Files.writeString(dir.resolve("bad.properties"), "some row = fast\n");
        assertBadInput(compare("--noise", bad.toString(), base.toString(), base.toString()), "is not a percentage");
        err.reset();
        assertBadInput(
                compare("--noise", dir.resolve("none.properties").toString(), base.toString(), base.toString()),
                "cannot read the noise floors");
    }

    @Test
    void noRegressionExitsZeroAndListsBenchmarksOfOneRunOnly() throws Exception {
        Entry other = Entry.averageTime("org.rabbitmqjmh.benchmarks.publish.PublishOneBenchmark.confirm");
        Path base = SyntheticRun.write(dir.resolve("base.json"), 1, List.of(PUBLISH, other));
        Path head =
                SyntheticRun.write(dir.resolve("head.json"), 2, List.of(PUBLISH, PUBLISH.params(Map.of("size", "16"))));

        int exit = compare("--threshold", "5", base.toString(), head.toString());

        assertThat(exit).isEqualTo(Compare.NO_REGRESSION);
        assertThat(stdout())
                .contains(
                        "only in base:",
                        "PublishOneBenchmark.confirm avgt",
                        "only in head:",
                        "PublishOneBenchmark.publish thrpt size=16");
    }

    @Test
    void theTerminalTableIsAligned() throws Exception {
        List<Entry> twoRows = List.of(PUBLISH, PUBLISH.params(Map.of("size", "65536")));
        Path base = SyntheticRun.write(dir.resolve("base.json"), 1, twoRows);
        Path head = SyntheticRun.write(dir.resolve("head.json"), 2, twoRows);

        compare(base.toString(), head.toString());

        List<String> lines = stdout().lines().limit(3).toList();
        int verdictColumn = lines.get(0).indexOf("verdict");
        assertThat(lines.get(1).indexOf("no change")).isEqualTo(verdictColumn);
        assertThat(lines.get(2).indexOf("no change")).isEqualTo(verdictColumn);
    }

    @Test
    void aMissingFileExitsTwoWithOneLine() {
        assertBadInput(
                compare(
                        dir.resolve("nope.json").toString(),
                        dir.resolve("nope2.json").toString()),
                "no such file or folder");
    }

    @Test
    void aFileThatIsNotJsonExitsTwoWithOneLine() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "Benchmark  Mode  Cnt  Score\n");
        assertBadInput(compare(text.toString(), text.toString()), "is not valid JSON");
    }

    @Test
    void jsonThatIsNotJmhsExitsTwoWithOneLine() throws Exception {
        Path json = Files.writeString(dir.resolve("package.json"), "{ \"name\" : \"x\" }");
        assertBadInput(compare(json.toString(), json.toString()), "is not JMH JSON");
    }

    @Test
    void runsWithNoBenchmarkInCommonExitTwoWithOneLine() throws Exception {
        Path base = SyntheticRun.write(dir.resolve("base.json"), 1, List.of(PUBLISH));
        Path head = SyntheticRun.write(dir.resolve("head.json"), 2, List.of(PUBLISH.params(Map.of("size", "16"))));
        assertBadInput(compare(base.toString(), head.toString()), "no benchmark is in both files");
    }

    @Test
    void anUnknownFlagExitsTwoNamingTheAllowedOnes() throws Exception {
        Path base = SyntheticRun.write(dir.resolve("base.json"), 1, List.of(PUBLISH));
        assertBadInput(compare("--treshold", "3", base.toString(), base.toString()), "unknown option '--treshold'");
        assertThat(stderr()).contains("--threshold PERCENT, --noise FILE, --markdown FILE");
    }

    @Test
    void aMetricTheRunsDoNotHaveExitsTwoNamingTheOnesTheyHave() throws Exception {
        Path base = SyntheticRun.write(dir.resolve("base.json"), 1, List.of(PUBLISH));
        assertBadInput(
                compare("--metric", "nosuch", base.toString(), base.toString()),
                "--metric nosuch: no row of that metric; the runs have: score");
    }

    @Test
    void aThresholdThatIsNotAPercentageExitsTwo() throws Exception {
        Path base = SyntheticRun.write(dir.resolve("base.json"), 1, List.of(PUBLISH));
        assertBadInput(compare("--threshold", "five", base.toString(), base.toString()), "is not a percentage");
    }

    private int compare(String... args) {
        return Compare.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void assertBadInput(int exit, String problem) {
        assertThat(exit).isEqualTo(Compare.BAD_INPUT);
        assertThat(stderr()).startsWith("error: ").contains(problem).doesNotContain("Exception", "\tat ");
        assertThat(stderr().strip().lines()).hasSize(1);
        assertThat(stdout()).isEmpty();
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
