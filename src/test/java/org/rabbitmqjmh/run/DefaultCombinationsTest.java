package org.rabbitmqjmh.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bare class name, JMH's defaults crossed: the combinations the benchmark refuses are left out with one
 * line, the rest run; a combination the user asked for is still refused.
 */
class DefaultCombinationsTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private List<JmhArgs> expand(String... args) {
        return DefaultCombinations.expand(
                List.of(JmhArgs.parse(List.of(args))), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theDrainsDefaultsRunWithoutTheCombinationsItRefuses() {
        List<JmhArgs> passes = expand("DrainBenchmark");
        String line = err.toString(StandardCharsets.UTF_8);
        assertThat(line.lines()).hasSize(1);
        assertThat(line)
                .startsWith("defaults: DrainBenchmark.drain: ")
                .contains(" parameter combinations left out, " + "refused by the benchmark (e.g. DrainBenchmark.drain ")
                .contains(" run; -p chooses values");
        assertThat(passes).isNotEmpty();
        // Every pass left is one Preflight takes: nothing refused remains.
        RunPlan plan = Preflight.check(passes);
        assertThat(plan).isNotNull();
        assertThat(passes)
                .allSatisfy(p -> assertThat(p.toList())
                        .contains("^\\QDrainBenchmark.drain\\E$"
                                .replace("DrainBenchmark", "org.rabbitmqjmh.benchmarks.consume.DrainBenchmark")));
    }

    @Test
    void aBenchmarkWhoseDefaultsAllRunIsOnePassAsBefore() {
        List<JmhArgs> passes = expand("InMemoryPublishBenchmark");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(passes).hasSize(1);
        assertThat(passes.get(0).toList()).containsExactly("InMemoryPublishBenchmark");
    }

    @Test
    void aRefusedCombinationTheUserAskedForIsStillRefused() {
        List<JmhArgs> passes = expand("DrainBenchmark", "-p", "ack=auto", "-p", "prefetch=100", "-p", "style=callback");
        assertThatThrownBy(() -> Preflight.check(passes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefetch 100 does nothing with ack auto");
    }
}
