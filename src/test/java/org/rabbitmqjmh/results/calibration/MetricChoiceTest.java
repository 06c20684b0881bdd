package org.rabbitmqjmh.results.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A --metric no row has is one line and exit 2 in every calibration program, never an empty table. */
class MetricChoiceTest {

    private static final String INTERLEAVED = "results/gate/user-cpu/aa10";

    private interface Program {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    private static void refusedInOneLine(Program program, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = program.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(out.size()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .singleElement()
                .asString()
                .contains("has no row of --metric cost.nope", "allowed: score or a secondary metric");
    }

    @Test
    void anUnknownMetricIsOneLineInEveryProgram() {
        refusedInOneLine(RoundStatistic::run, "--metric", "cost.nope", INTERLEAVED);
        refusedInOneLine(RunToRun::run, "--metric", "cost.nope", INTERLEAVED + "/base", INTERLEAVED + "/head");
        refusedInOneLine(ForkSpread::run, "--metric", "cost.nope", INTERLEAVED);
        refusedInOneLine(ForkSpread::run, "--metric", "cost.nope", "aa=" + INTERLEAVED + "/base");
        refusedInOneLine(Calibration::run, "--paired", "--metric", "cost.nope", INTERLEAVED);
        refusedInOneLine(RoundSpread::run, "--metric", "cost.nope", "aa=" + INTERLEAVED);
    }

    @Test
    void aKnownMetricKeepsOnlyItsRows() throws Exception {
        MetricChoice choice = new MetricChoice(List.of("score"));
        assertThat(choice.nonEmpty(List.of("row"), "run")).containsExactly("row");
        assertThat(new MetricChoice(List.of()).nonEmpty(List.of(), "run")).isEmpty();
    }
}
