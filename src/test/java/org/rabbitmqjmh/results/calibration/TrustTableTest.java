package org.rabbitmqjmh.results.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The trust table agrees with the per-proof calibration it is made of, on a committed proof. */
class TrustTableTest {

    private static final String AA = "results/gate/reductions/aa";
    private static final String COPIES = "results/gate/reductions/copies";

    private static String run(BiFunction<PrintStream, PrintStream, Integer> program) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = program.apply(new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String row(String table, String metric) {
        return table.lines()
                .filter(l -> l.startsWith("| " + metric + " |"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void eachMetricsFalseAlarmsAndCatchesAreThoseOfItsProofsCalibration() {
        String trust = run((out, err) -> TrustTable.run(new String[] {AA + "=" + COPIES}, out, err));
        String byMetric = run((out, err) ->
                Calibration.run(new String[] {"--paired", "--by-metric", AA, "--changed", COPIES}, out, err));
        for (String metric : new String[] {"cost.broker.reductions", "cost.broker.cpu", "score", "cost.client.alloc"}) {
            String[] calibrated = row(byMetric, metric).split("\\|");
            String[] trusted = row(trust, metric).split("\\|");
            assertThat(trusted[4].trim()).startsWith(calibrated[3].trim() + " of 120 ");
            boolean anyCaught = !calibrated[5].trim().startsWith("0 of");
            assertThat(trusted[5].trim().equals("none")).as(metric).isEqualTo(!anyCaught);
        }
        // The broker's work: every row caught, the least-moved first, nothing missed.
        String reductions = row(trust, "cost.broker.reductions");
        String lowest =
                row(byMetric, "cost.broker.reductions").split("\\|")[4].trim().split(" to ")[0];
        assertThat(reductions)
                .contains("| the broker doing more per message, whatever the host's speed "
                        + "(results/gate/reductions) | 0 of 120 (0.0%) | " + lowest + " (" + COPIES + ") | none |");
    }

    @Test
    void aProofThatIsNoPairIsOneLineAndExit2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TrustTable.run(new String[] {AA}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .startsWith("error: '" + AA + "' is not AA_RUN=CHANGED_RUN")
                .doesNotContain("\n");
    }
}
