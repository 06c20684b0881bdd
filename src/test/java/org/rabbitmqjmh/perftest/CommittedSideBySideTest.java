package org.rabbitmqjmh.perftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.rabbitmqjmh.perftest.Measurement.Side;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;

/**
 * The committed side-by-side in {@code results/perftest/}, recomputed from its raw files: every PerfTest
 * rate from PerfTest's own output (warm-up seconds dropped as the run dropped them), every rate of ours
 * from the round's JMH JSON, and the headline ratios of side-by-side.md and of results/README.md from
 * those rates. A hostile reader can do the same by hand.
 */
class CommittedSideBySideTest {

    private static final Path DIR = Path.of("results", "perftest");

    @Test
    void everyRateAndHeadlineRatioIsWhatTheRawFilesGive() throws Exception {
        String md = Files.readString(DIR.resolve("side-by-side.md"));
        Matcher run = Pattern.compile(
                        "(\\d+) rounds on one broker.*?drops its first (\\d+) s \\(warm-up\\) and measures "
                                + "the next (\\d+) s",
                        Pattern.DOTALL)
                .matcher(md);
        assertThat(run.find())
                .as("side-by-side.md names its rounds, warm-up and measured seconds")
                .isTrue();
        int rounds = Integer.parseInt(run.group(1));
        int warmup = Integer.parseInt(run.group(2));
        int seconds = Integer.parseInt(run.group(3));
        assertThat(rounds).isGreaterThanOrEqualTo(6);

        List<Measurement> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(DIR.resolve("side-by-side.csv"));
        assertThat(lines.get(0)).isEqualTo(SideBySideReport.CSV_HEADER);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            Scenario sc = Scenario.parse(f[0]);
            int round = Integer.parseInt(f[1]);
            Side side = f[2].equals(Side.PERFTEST.key()) ? Side.PERFTEST : Side.RABBITMQ_JMH;
            double rate = Double.parseDouble(f[4]);
            String file = sc.key() + "-round-" + round;
            if (side == Side.PERFTEST) {
                PerfTestOutput out = PerfTestOutput.parse(
                        Files.readString(DIR.resolve("perftest").resolve(file + ".txt")));
                assertThat(out.measured(sc.perfTestRate(), warmup, seconds).rate())
                        .as(file + " PerfTest")
                        .isCloseTo(rate, within(1e-6 * rate));
            } else {
                // The score's row; the latency medians and p99s follow it as rows of their own (results.Metrics).
                List<JmhResult> ours = JmhJson.read(DIR.resolve("rabbitmq-jmh").resolve(file + ".json")).stream()
                        .filter(r -> r.key().metric().isEmpty())
                        .toList();
                assertThat(ours).hasSize(1);
                assertThat(ours.get(0).score()).as(file + " rabbitmq-jmh").isCloseTo(rate, within(1e-6 * rate));
            }
            rows.add(new Measurement(sc, round, side, Integer.parseInt(f[3]), rate, Double.NaN, Double.NaN));
        }

        String results = Files.readString(Path.of("results", "README.md"));
        for (Scenario sc : Scenario.values()) {
            RoundRatios r = RoundRatios.of(
                    SideBySideReport.values(rows, sc, Side.PERFTEST, rounds, false),
                    SideBySideReport.values(rows, sc, Side.RABBITMQ_JMH, rounds, false));
            String row = md.lines()
                    .filter(l -> l.startsWith("| " + sc.key() + " |"))
                    .findFirst()
                    .orElseThrow();
            assertThat(row)
                    .as(sc.key())
                    .contains("| " + SideBySideReport.ratio(r.ratioOfMedians()) + " |")
                    .contains("| " + SideBySideReport.ratio(r.minRatio()) + " |");
            // results/README.md quotes each scenario's ratio of medians to two places.
            assertThat(results)
                    .as("results/README.md quotes " + sc.key())
                    .contains(String.format(Locale.ROOT, "%s: %.2f", sc.key(), r.ratioOfMedians()));
        }
    }
}
