package org.rabbitmqjmh.results.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunToRunTest {

    private static final String FOLLOW_UP = "results/aa/run-against-run/broker-per-fork/";

    /** The broker-per-fork follow-up: the drain's runs spread as its forks predict, the publish row's more. */
    @Test
    void theCommittedFollowUpShowsDriftOnPublishingOnly() {
        List<String> args = new ArrayList<>(List.of("--metric", "score"));
        for (String kind : List.of("publish", "drain")) {
            for (int run = 1; run <= 6; run++) {
                args.add(FOLLOW_UP + "run" + run + "-" + kind + ".json");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = RunToRun.run(
                args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).isZero();
        List<String> rows = out.toString(StandardCharsets.UTF_8).lines().skip(2).toList();
        assertThat(rows).hasSize(2);
        assertThat(ratio(rows, "PublishBenchmark")).isGreaterThan(1.5);
        assertThat(ratio(rows, "DrainBenchmark")).isLessThan(1.0);
    }

    @Test
    void oneRunIsRefusedInOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RunToRun.run(
                new String[] {FOLLOW_UP + "run1-drain.json"},
                System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
    }

    private static double ratio(List<String> rows, String benchmark) {
        String row =
                rows.stream().filter(l -> l.contains(benchmark)).findFirst().orElseThrow();
        String[] cells = row.split("\\|");
        return Double.parseDouble(cells[cells.length - 1].trim());
    }
}
