package org.rabbitmqjmh.perftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rabbitmqjmh.perftest.Measurement.Side;
import org.rabbitmqjmh.results.Quantiles;

class SideBySideTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                                           | --perftest-classpath is required",
                "--perftest-classpath x --rounds 1            | --rounds 1 is not allowed",
                "--perftest-classpath x --rounds six          | --rounds six is not allowed",
                "--perftest-classpath x --seconds 0           | --seconds 0 is not allowed",
                "--perftest-classpath x --warmup -1           | --warmup -1 is not allowed",
                "--perftest-classpath x --scenario fastest    | unknown scenario 'fastest'; allowed: no-confirms,",
                "--perftest-classpath x --round 3             | round is not a recognized option",
                "--perftest-classpath x --rounds              | rounds requires an argument",
                "--perftest-classpath x extra                 | unexpected argument 'extra'",
                "--perftest-classpath x --perftest-classpath y | is given 2 times"
            })
    void badInputIsOneLineNamingItAndExitsTwo(String args, String message) {
        int exit = SideBySide.run(args.isBlank() ? new String[0] : args.trim().split("\\s+"), stream());

        assertThat(exit).isEqualTo(2);
        assertThat(stderr().lines())
                .hasSize(1)
                .allSatisfy(line -> assertThat(line)
                        .startsWith("side-by-side: ")
                        .contains(message)
                        .doesNotContain("Exception"));
    }

    @Test
    void aClasspathWithoutPerfTestIsRefusedBeforeAnyBrokerStarts() {
        int exit = SideBySide.run(
                new String[] {"--perftest-classpath", dir.resolve("none.jar").toString(), "--out", dir.toString()},
                stream());

        assertThat(exit).isEqualTo(2);
        assertThat(stderr().lines())
                .hasSize(1)
                .first()
                .asString()
                .contains("--perftest-classpath does not run com.rabbitmq.perf.PerfTest");
    }

    @Test
    void anOutFolderWithAnEarlierSideBySideIsRefused() throws Exception {
        Files.writeString(dir.resolve("side-by-side.csv"), SideBySideReport.CSV_HEADER + "\n");

        int exit = SideBySide.run(new String[] {"--perftest-classpath", "x", "--out", dir.toString()}, stream());

        assertThat(exit).isEqualTo(2);
        assertThat(stderr().lines()).hasSize(1).first().asString().contains("holds an earlier side-by-side");
    }

    @Test
    void defaultsAreSixRoundsOfFifteenSecondsAfterTenAndEveryScenarioInItsOwnOrder() {
        SideBySideSettings all = SideBySideSettings.parse("--perftest-classpath", "cp");
        SideBySideSettings two = SideBySideSettings.parse(
                "--perftest-classpath=cp",
                "--scenario",
                "confirm-each",
                "--scenario",
                "no-confirms",
                "--scenario",
                "confirm-each");

        assertThat(all.rounds()).isEqualTo(6);
        assertThat(all.seconds()).isEqualTo(15);
        assertThat(all.warmup()).isEqualTo(10);
        assertThat(all.scenarios()).containsExactly(Scenario.values());
        assertThat(two.scenarios()).containsExactly(Scenario.NO_CONFIRMS, Scenario.CONFIRM_EACH);
    }

    @Test
    void theCsvHoldsWhatTheHeadlineRatiosAreComputedFrom() throws Exception {
        List<Measurement> rows = new ArrayList<>();
        double[][] perfTest = {{30_000, 31_000, 29_500}, {4_000, 4_400, 4_200}};
        double[][] ours = {{33_000, 32_500.5, 31_000}, {5_000, 4_800, 5_300}};
        Scenario[] scenarios = {Scenario.ASYNC_WINDOW_100, Scenario.CONFIRM_EACH};
        for (int s = 0; s < 2; s++) {
            for (int r = 0; r < 3; r++) {
                rows.add(new Measurement(scenarios[s], r + 1, Side.PERFTEST, 1, perfTest[s][r], 2_000 + r, 150_000));
                rows.add(new Measurement(scenarios[s], r + 1, Side.RABBITMQ_JMH, 2, ours[s][r], 1_900 + r, Double.NaN));
            }
        }
        Path csv = dir.resolve("side-by-side.csv");
        SideBySideReport.writeCsv(csv, rows);
        SideBySideSettings settings = SideBySideSettings.parse(
                "--perftest-classpath",
                "cp",
                "--rounds",
                "3",
                "--scenario",
                "async-window-100",
                "--scenario",
                "confirm-each");
        String markdown = SideBySideReport.markdown(
                rows,
                new SideBySideReport.Run(
                        settings,
                        "java ... SideBySide",
                        List.of("a.jar"),
                        "RabbitMQ Perf Test 2.22.1",
                        "5.37.1",
                        "broker: private node at amqp://u@h:1/%2F",
                        "CPUs: broker 0, benchmark JVMs 1",
                        "jdk",
                        List.of("cmd 1", "cmd 2"),
                        List.of()));

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("scenario,round,side,order,rate_msg_s,confirm_p50_us,queue_depth_max");
        assertThat(lines).contains("async-window-100,2,rabbitmq-jmh,2,32500.5,1901,");
        for (Scenario sc : scenarios) {
            double[] p = column(lines, sc, "perftest");
            double[] o = column(lines, sc, "rabbitmq-jmh");
            String ratio = String.format(Locale.ROOT, "%.3f", Quantiles.median(o) / Quantiles.median(p));
            assertThat(markdown)
                    .contains("| " + sc.key() + " | " + SideBySideReport.rate(Quantiles.median(p)) + " | "
                            + SideBySideReport.rate(Quantiles.median(o)) + " | " + ratio + " |");
        }
    }

    private static double[] column(List<String> csv, Scenario sc, String side) {
        return csv.stream()
                .skip(1)
                .map(l -> l.split(",", -1))
                .filter(f -> f[0].equals(sc.key()) && f[2].equals(side))
                .mapToDouble(f -> Double.parseDouble(f[4]))
                .toArray();
    }

    private PrintStream stream() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
