package org.rabbitmqjmh.results.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.results.SyntheticRun;

class ForkSpreadTest {

    @TempDir
    Path dir;

    @Test
    void forksPerSideFollowTheNormalApproximation() {
        // The figures the regression-gate issue quotes: a cv of 11% needs 15 forks a side to see 10%, 3% one or two.
        assertThat(ForkSpread.forksToSee(0.11, 0.10)).isCloseTo(15.0, within(0.5));
        assertThat(ForkSpread.forksToSee(0.03, 0.10)).isBetween(1.0, 2.0);
    }

    @Test
    void aRowsCvIsTheSpreadOfItsForkMeans() {
        Path run = SyntheticRun.write(
                dir.resolve("run.json"),
                7,
                List.of(
                        SyntheticRun.Entry.throughput("a.B.steady").shape(40, 4).noise(0.0, 0.02),
                        SyntheticRun.Entry.throughput("a.B.noisy").shape(40, 4).noise(0.0, 0.20)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ForkSpread.run(
                new String[] {run.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(4);
        double steady = cv(lines.get(2));
        double noisy = cv(lines.get(3));
        assertThat(steady).isBetween(1.0, 3.5);
        assertThat(noisy).isBetween(14.0, 27.0);
    }

    @Test
    void summarizeGivesEachMetricsLowestMedianAndHighestCv() {
        Path run = SyntheticRun.write(
                dir.resolve("run.json"),
                7,
                List.of(
                        SyntheticRun.Entry.throughput("a.B.steady").shape(40, 4).noise(0.0, 0.02),
                        SyntheticRun.Entry.throughput("a.B.middle").shape(40, 4).noise(0.0, 0.08),
                        SyntheticRun.Entry.throughput("a.B.noisy").shape(40, 4).noise(0.0, 0.20)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ForkSpread.run(
                new String[] {"--summarize", run.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(exit).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        String[] cells = lines.get(2).split("\\|");
        assertThat(cells[1].trim()).isEqualTo("score");
        assertThat(cells[2].trim()).isEqualTo("3");
        double lowest = Double.parseDouble(cells[3].trim().replace("%", ""));
        double median = Double.parseDouble(cells[4].trim().replace("%", ""));
        double highest = Double.parseDouble(cells[5].trim().replace("%", ""));
        assertThat(lowest).isLessThan(median);
        assertThat(median).isLessThan(highest);
    }

    @Test
    void anInterleavedRunShowsBothSidesSpreadAndWhetherTheyDiffer() throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run.resolve("base"));
        Files.createDirectories(run.resolve("head"));
        SyntheticRun.write(
                run.resolve("base").resolve("jmh-result.json"),
                3,
                List.of(SyntheticRun.Entry.throughput("a.B.lever").shape(20, 4).noise(0.0, 0.15)));
        SyntheticRun.write(
                run.resolve("head").resolve("jmh-result.json"),
                4,
                List.of(SyntheticRun.Entry.throughput("a.B.lever").shape(20, 4).noise(0.0, 0.03)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ForkSpread.run(
                new String[] {run.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        String[] cells = lines.get(2).split("\\|");
        assertThat(cells[6].trim()).isEqualTo("20 + 20");
        double cvBase = Double.parseDouble(cells[7].trim().replace("%", ""));
        double cvHead = Double.parseDouble(cells[8].trim().replace("%", ""));
        assertThat(cvBase).isGreaterThan(3 * cvHead);
        assertThat(Double.parseDouble(cells[9].trim()))
                .as("p of an F test, 15%% against 3%% on 20 forks")
                .isLessThan(0.001);
    }

    @Test
    void metricKeepsThatMetricsRowsOfTheCommittedAaRun() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ForkSpread.run(
                new String[] {"--metric", "cost.client.cpu.java", "results/gate/user-cpu/aa10"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(exit).isZero();
        List<String> rows = out.toString(StandardCharsets.UTF_8).lines().skip(2).toList();
        assertThat(rows).hasSize(7).allMatch(r -> r.contains(":cost.client.cpu.java |"));
        // The in-memory row: the fork-to-fork cv results/noise/README.md sets against the publish rows'.
        assertThat(rows)
                .anyMatch(r -> r.startsWith("| InMemoryPublishBenchmark.publish:cost.client.cpu.java |")
                        && r.contains("| 1.0% | 1.3% |"));
    }

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(ForkSpread.run(
                        new String[] {"--metrics", "score", "results/gate/user-cpu/aa10"},
                        System.out,
                        new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
    }

    @Test
    void twoSidesOfOneSpreadAreNotCalledDifferent() {
        var a = new DescriptiveStatistics(new double[] {100, 110, 90, 105, 95});
        var b = new DescriptiveStatistics(new double[] {200, 220, 180, 210, 190});
        assertThat(ForkSpread.sameSpreadP(a, b)).isCloseTo(1.0, within(1e-9));
    }

    private static double cv(String row) {
        String[] cells = row.split("\\|");
        return Double.parseDouble(cells[6].trim().replace("%", ""));
    }

    /** results/aa/cpu-split: a group of runs shows each run's mean; a run that lacks a row shows "-". */
    @Test
    void groupsOfRunsShowEachRunsMeanAndTheirMeanCv() {
        String shared = "results/aa/cpu-split/shared/";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ForkSpread.run(
                new String[] {
                    "--metric",
                    "score",
                    "shared=" + shared + "20261123T223730Z-a309a0d," + shared + "20261123T224108Z-a309a0d",
                    "none=results/aa/run-against-run/broker-per-fork/run1-drain.json"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(exit).isZero();
        String workers = out.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.startsWith("| WorkerPoolBenchmark"))
                .findFirst()
                .orElseThrow();
        String[] cells = workers.split("\\|");
        assertThat(cells[4].trim().split(" ")).hasSize(2);
        assertThat(cells[6].trim()).isEqualTo("-");
    }
}
