package org.rabbitmqjmh.results.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rabbitmqjmh.results.BadInputException;

class CalibrationArgumentsTest {

    @Test
    void runsBeforeChangedAreTheSameRunsAndOptionsMayStandOnEitherSide() throws Exception {
        CalibrationArguments a = CalibrationArguments.parse(
                "--paired", "aa", "--changed", "c1", "c2", "--by-metric", "--threshold", "7%");

        assertThat(a.paired()).isTrue();
        assertThat(a.byMetric()).isTrue();
        assertThat(a.threshold()).isEqualTo(7.0);
        assertThat(a.rounds()).isEqualTo(Calibration.DEFAULT_ROUNDS);
        assertThat(a.same()).containsExactly(Path.of("aa"));
        assertThat(a.changed()).containsExactly(Path.of("c1"), Path.of("c2"));
        assertThat(a.noiseFile()).isNull();
        assertThat(a.metrics()).isEmpty();
    }

    @Test
    void metricsMayBeGivenOnEitherSideAndKeepOnlyTheirRows() throws Exception {
        CalibrationArguments a = CalibrationArguments.parse(
                "--paired", "--metric", "score", "aa", "--changed", "c", "--metric", "e2e.p50");

        assertThat(a.metrics()).containsExactly("score", "e2e.p50");
        assertThat(a.same()).containsExactly(Path.of("aa"));
        assertThat(a.changed()).containsExactly(Path.of("c"));
    }

    @Test
    void mistakesAreOneLineNamingThem() {
        assertThatThrownBy(() -> CalibrationArguments.parse("--bogus", "a"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("unknown option '--bogus'");
        assertThatThrownBy(() -> CalibrationArguments.parse("--rounds", "one", "a"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--rounds one is not a number of rounds; allowed: 2 or more");
        assertThatThrownBy(() -> CalibrationArguments.parse("a", "--write-noise"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--write-noise needs a value");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Calibration.run(
                new String[] {"--threshold", "200", "a"},
                System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("error: --threshold '200' is not a percentage");
    }
}
