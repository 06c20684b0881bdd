package org.rabbitmqjmh.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.BenchmarkMain;
import org.rabbitmqjmh.JavaProcess;

/** {@code --against}: base and head fork by fork on one private node, as a user runs it. */
class InterleavedTest {

    @TempDir
    Path results;

    private JavaProcess.Result launch(List<String> args) throws Exception {
        return JavaProcess.run(
                List.of("-Drabbitmqjmh.results=" + results), BenchmarkMain.class.getName(), args, Map.of(), 180);
    }

    @Test
    void roundsAlternateWhoGoesFirstAndEachSideKeepsItsForksInRoundOrder() throws Exception {
        // Both sides are this build (the test classpath); the head's forks get a property of their own.
        JavaProcess.Result r = launch(List.of(
                "PublishOneBenchmark",
                "-f",
                "2",
                "-wi",
                "0",
                "-i",
                "1",
                "-r",
                "1s",
                "--against",
                System.getProperty("java.class.path"),
                "--head-property",
                "rabbitmqjmh.slowdown.ns=0",
                "--head-jvm-args",
                "-Dhead.marker=1",
                "--head-firehose"));
        // 0 or 1: whether two 1 s samples of the same code differ by more than 5% is chance, not the point here.
        assertThat(r.exitCode()).as(r.stderr()).isIn(0, 1);
        assertThat(r.stderr())
                .containsSubsequence(
                        "# pass 1 of 1, round 1 of 2: base", "# pass 1 of 1, round 1 of 2: head",
                        "# pass 1 of 1, round 2 of 2: head", "# pass 1 of 1, round 2 of 2: base");
        assertThat(r.stdout()).contains("PublishOneBenchmark.publish").contains("paired by round");
        Path run;
        try (Stream<Path> runs = Files.list(results)) {
            run = runs.findFirst().orElseThrow();
        }
        for (String side : List.of("base", "head")) {
            var entries = JsonParser.parseString(
                            Files.readString(run.resolve(side).resolve("jmh-result.json")))
                    .getAsJsonArray();
            assertThat(entries).hasSize(1);
            var entry = entries.get(0).getAsJsonObject();
            assertThat(entry.get("forks").getAsInt()).isEqualTo(2);
            assertThat(entry.getAsJsonObject("primaryMetric").getAsJsonArray("rawData"))
                    .hasSize(2);
            assertThat(run.resolve(side).resolve("rounds").resolve("pass1-round2.log"))
                    .exists();
        }
        String headArgs = JsonParser.parseString(Files.readString(run.resolve("head/rounds/pass1-round1.json")))
                .getAsJsonArray()
                .get(0)
                .getAsJsonObject()
                .get("jvmArgs")
                .toString();
        assertThat(headArgs).contains("-Drabbitmqjmh.slowdown.ns=0").contains("-Dhead.marker=1");
        String baseArgs = JsonParser.parseString(Files.readString(run.resolve("base/rounds/pass1-round1.json")))
                .getAsJsonArray()
                .get(0)
                .getAsJsonObject()
                .get("jvmArgs")
                .toString();
        assertThat(baseArgs).doesNotContain("slowdown").doesNotContain("head.marker");
        assertThat(r.stderr()).contains("firehose: on for the head's forks, off for the base's");
        assertThat(Files.readString(run.resolve("compare.md"))).contains("paired by round");
        assertThat(Files.readString(run.resolve("environment.properties")))
                .contains("interleaved.base=-cp")
                .contains(
                        "interleaved.head.changes=--head-property rabbitmqjmh.slowdown.ns\\=0 --head-jvm-args '-Dhead.marker\\=1' --head-firehose");
    }

    @Test
    void aDuetRunsBothSidesAtOnceOnSwappedCpusAndTheirForksMeetAtEveryIteration() throws Exception {
        Assumptions.assumeTrue(
                Runtime.getRuntime().availableProcessors() >= 2 && Files.isExecutable(Path.of("/usr/bin/taskset")),
                "a duet needs two CPUs and taskset");
        JavaProcess.Result r = launch(List.of(
                "PublishOneBenchmark",
                "-f",
                "2",
                "-wi",
                "1",
                "-w",
                "1s",
                "-i",
                "2",
                "-r",
                "1s",
                "--against",
                System.getProperty("java.class.path"),
                "--duet"));
        assertThat(r.exitCode()).as(r.stderr()).isIn(0, 1);
        assertThat(r.stderr())
                .contains("head's broker: one node of its own")
                .contains("duet: base and head at the same time")
                .containsSubsequence(
                        "round 1 of 2: base (",
                        "), CPUs 0",
                        "round 1 of 2: head (",
                        "), CPUs 1",
                        "round 2 of 2: head (",
                        "), CPUs 0",
                        "round 2 of 2: base (",
                        "), CPUs 1")
                .doesNotContain("runs unaligned");
        Path run;
        try (Stream<Path> runs = Files.list(results)) {
            run = runs.findFirst().orElseThrow();
        }
        // 1 warm-up and 2 measurement iterations a fork: each side left a file at each, and met the other's.
        for (String round : List.of("pass1-round1", "pass1-round2")) {
            try (Stream<Path> met = Files.list(run.resolve("duet").resolve(round))) {
                assertThat(met.map(p -> p.getFileName().toString().replaceAll("^.*-(\\d+\\.\\w+)$", "$1"))
                                .sorted())
                        .containsExactly("1.base", "1.head", "2.base", "2.head", "3.base", "3.head");
            }
        }
        for (String side : List.of("base", "head")) {
            assertThat(run.resolve(side).resolve("jmh-result.json")).exists();
        }
        assertThat(Files.readString(run.resolve("environment.properties")))
                .contains("interleaved.duet=duet\\: base and head");
        assertThat(r.stdout()).contains("paired by round");
    }

    @Test
    void aDuetRefusesWhatItCannotGiveBothSidesInOneLine() throws Exception {
        JavaProcess.Result r = launch(List.of(
                "PublishOneBenchmark",
                "-f",
                "2",
                "--against",
                System.getProperty("java.class.path"),
                "--duet",
                "--head-cluster",
                "3"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip())
                .isEqualTo("error: --duet runs each side on one node of its own, on one CPU: it "
                        + "does not go with --head-firehose or --head-cluster");
        JavaProcess.Result shared = JavaProcess.run(
                List.of("-Drabbitmqjmh.results=" + results, "-Drabbitmqjmh.cpus=shared"),
                BenchmarkMain.class.getName(),
                List.of("PublishOneBenchmark", "-f", "2", "--against", System.getProperty("java.class.path"), "--duet"),
                Map.of(),
                180);
        assertThat(shared.exitCode()).as(shared.stderr()).isEqualTo(2);
        assertThat(shared.stderr())
                .contains("error: --duet needs two CPUs to give the sides and taskset (util-linux) to "
                        + "pin them; here: broker and benchmark share all CPUs");
        assertThat(results).isEmptyDirectory();
    }

    @Test
    void aBaseThatIsNoJarIsRefusedWithOneLineBeforeAnyBrokerStarts() throws Exception {
        JavaProcess.Result r =
                launch(List.of("PublishOneBenchmark", "-f", "2", "--against", "/no/such/benchmarks.jar"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip())
                .isEqualTo("error: --against /no/such/benchmarks.jar is not a benchmarks jar "
                        + "(nor a classpath); build the base with mvn package and give its target/benchmarks.jar");
        assertThat(results).isEmptyDirectory();
    }

    @Test
    void oneForkIsTooFewToPairAndSaysWhy() throws Exception {
        JavaProcess.Result r =
                launch(List.of("PublishOneBenchmark", "-f", "1", "--against", System.getProperty("java.class.path")));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip()).startsWith("error: --against needs at least 2 forks per benchmark (-f 1)");
        assertThat(results).isEmptyDirectory();
    }
}
