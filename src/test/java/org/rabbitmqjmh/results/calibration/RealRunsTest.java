package org.rabbitmqjmh.results.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;
import org.rabbitmqjmh.results.compare.Compare;
import org.rabbitmqjmh.results.compare.CompareArguments;
import org.rabbitmqjmh.results.compare.NoiseFloors;

/**
 * Compare on real runs kept in {@code results/aa/run-against-run/}: 15 quick-profile runs of one commit made one after
 * another on the development machine ({@code same/}) and 3 runs of that commit with a deliberate
 * slowdown ({@code slowdown/}, {@code -Drabbitmqjmh.slowdown.ns=4000}) between them. The synthetic tests
 * ({@link ComparisonTest}) pin the method; these pin that the committed report of what it does with this
 * machine's real noise ({@code calibration.md}, {@code noise.properties}) is what the runs give.
 */
class RealRunsTest {

    private static final Path AA = Path.of("results", "aa", "run-against-run");

    private static List<List<JmhResult>> runs(String kind) throws IOException, BadInputException {
        List<Path> folders;
        try (Stream<Path> s = Files.list(AA.resolve(kind))) {
            folders = s.filter(p -> Files.isRegularFile(p.resolve("jmh-result.json")))
                    .sorted()
                    .toList();
        }
        List<List<JmhResult>> all = new ArrayList<>();
        for (Path p : folders) {
            all.add(JmhJson.read(p));
        }
        return all;
    }

    @Test
    void theCommittedCalibrationAndNoiseFloorsAreWhatTheRunsGive() throws Exception {
        List<List<JmhResult>> same = runs("same");
        Calibration.Result r = Calibration.calibrate(same, runs("slowdown"), CompareArguments.DEFAULT_THRESHOLD);
        assertThat(same).hasSize(15);
        assertThat(r.pairs()).isEqualTo(105);
        assertThat(r.markdown()).isEqualTo(Files.readString(AA.resolve("calibration.md")));
        assertThat(NoiseFloors.read(AA.resolve("noise.properties")).asMap())
                .isEqualTo(r.floors().asMap());
        // The noise floors cut the false alarms but do not reach the 95 in 100 (see
        // results/aa/run-against-run/README.md).
        assertThat(r.quietWithFloors()).isGreaterThan(r.quietByThreshold());
    }

    @Test
    void aRealSameCommitPairIsNoChangeWithTheNoiseFloors() throws Exception {
        List<Path> same;
        try (Stream<Path> s = Files.list(AA.resolve("same"))) {
            same = s.sorted().toList();
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
        int exit = Compare.run(
                new String[] {
                    "--noise",
                    AA.resolve("noise.properties").toString(),
                    same.get(0).toString(),
                    same.get(1).toString()
                },
                ps,
                ps);
        assertThat(exit).isEqualTo(Compare.NO_REGRESSION);
        assertThat(sink.toString(StandardCharsets.UTF_8)).contains("0 slower, 0 faster, 28 no change");
    }

    private static final Path INTERLEAVED = Path.of("results", "aa", "interleaved");

    private static Calibration.Sides onlyRun(String kind) throws IOException, BadInputException {
        try (Stream<Path> s = Files.list(INTERLEAVED.resolve(kind))) {
            return Calibration.Sides.read(
                    s.filter(Files::isDirectory).findFirst().orElseThrow());
        }
    }

    /**
     * The interleaved runs ({@code --against}): one A/A run of 10 rounds and one run against a slowdown of 6
     * rounds, judged 3 rounds at a time as the quick profile's forks are. The committed report and floors
     * must be what the runs give, and target 1 of issue #7 (95 in 100 A/A comparisons quiet) holds with
     * the floors.
     */
    @Test
    void theInterleavedCalibrationIsWhatItsRunsGiveAndItsSameBuildComparisonsAreQuiet() throws Exception {
        Calibration.Result r = Calibration.calibratePaired(
                onlyRun("same"), List.of(onlyRun("slowdown")), 3, CompareArguments.DEFAULT_THRESHOLD);
        assertThat(r.pairs()).isEqualTo(120);
        assertThat(r.markdown()).isEqualTo(Files.readString(INTERLEAVED.resolve("calibration.md")));
        assertThat(NoiseFloors.read(INTERLEAVED.resolve("noise.properties")).asMap())
                .isEqualTo(r.floors().asMap());
        assertThat(r.quietWithFloors()).isGreaterThanOrEqualTo(114); // 95% of 120
        assertThat(r.changedComparisons()).isEqualTo(20);
    }

    private static final Path GATE = Path.of("results", "gate");

    /**
     * The gate's proofs (results/gate/README.md): an A/A run of 10 rounds judges, out of sample, runs with a
     * client CPU slowdown, a broker-side slowdown (the firehose) and an allocation increase. The committed
     * reports and floors must be what the runs give with today's rows and rules.
     */
    @Test
    void theGateProofsAreWhatTheirRunsGive() throws Exception {
        Calibration.Sides aa = Calibration.Sides.read(GATE.resolve("aa10"));
        for (String changed : List.of("cpu10", "firehose", "alloc")) {
            Path run = GATE.resolve(changed.equals("alloc") ? "alloc-10pct" : changed);
            Calibration.Result r = Calibration.calibratePaired(
                    aa, List.of(Calibration.Sides.read(run)), 3, CompareArguments.DEFAULT_THRESHOLD);
            assertThat(r.pairs()).isEqualTo(120);
            assertThat(r.changedComparisons()).isEqualTo(20);
            assertThat(r.markdown())
                    .as(changed)
                    .isEqualTo(Files.readString(GATE.resolve("calibration-" + changed + ".md")));
            if (changed.equals("cpu10")) {
                assertThat(NoiseFloors.read(GATE.resolve("noise.properties")).asMap())
                        .isEqualTo(r.floors().asMap());
            }
        }
    }

    /**
     * The same proofs made again on a quieter host (results/gate/quiet-host/README.md): its A/A run judges
     * its client CPU slowdown run, out of sample.
     */
    @Test
    void theQuietHostsProofsAreWhatTheirRunsGive() throws Exception {
        aaJudgesCpu10(GATE.resolve("quiet-host"));
    }

    /**
     * The run that judged the user-mode CPU as a gate metric (results/gate/user-cpu/README.md), the same
     * way; the user-mode rows are judged but not gated.
     */
    @Test
    void theUserCpuRunsAreWhatTheyGive() throws Exception {
        assertThat(aaJudgesCpu10(GATE.resolve("user-cpu")))
                .contains("cost.client.cpu.user")
                .contains("(not gated)");
    }

    /** A folder's aa10 run judges its cpu10 run: the committed report and floors must be what they give. */
    private static String aaJudgesCpu10(Path folder) throws Exception {
        Calibration.Result r = Calibration.calibratePaired(
                Calibration.Sides.read(folder.resolve("aa10")),
                List.of(Calibration.Sides.read(folder.resolve("cpu10"))),
                3,
                CompareArguments.DEFAULT_THRESHOLD);
        assertThat(r.pairs()).isEqualTo(120);
        assertThat(r.changedComparisons()).isEqualTo(20);
        assertThat(r.markdown()).isEqualTo(Files.readString(folder.resolve("calibration-cpu10.md")));
        assertThat(NoiseFloors.read(folder.resolve("noise.properties")).asMap())
                .isEqualTo(r.floors().asMap());
        return r.markdown();
    }
}
