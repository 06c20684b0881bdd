package org.rabbitmqjmh.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrialTableTest {

    @Test
    void aCommittedRunGivesOneRowPerTrialNamedByTheParamsThatDiffer() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = TrialTable.run(
                new String[] {"results/rabbitmq4/amqp10", "--metric", "consumed"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);

        assertThat(exit).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo("Every trial: messageSize=16 tls=off window=100.");
        assertThat(lines)
                .filteredOn(l -> l.startsWith("| ProtocolBenchmark.send"))
                .hasSize(6);
        // amqp091 unary: 3 forks, its score (JMH's) and each fork mean within the smallest and largest.
        assertThat(lines)
                .anyMatch(l -> l.startsWith("| ProtocolBenchmark.send form=unary protocol=amqp091 | 5252 ops/s | 3: "));
        assertThat(lines.get(2)).endsWith("| consumed |");
    }

    @Test
    void aLaterRunReplacesTheTrialsItRedidAndEmptyColumnsAreLeftOut() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = TrialTable.run(
                new String[] {
                    "results/pace/benchmark-jmh-result.json",
                    "results/pace/benchmark-reject-publish-jmh-result.json",
                    "--metric",
                    "nacked"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);

        assertThat(exit).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        // No cost was recorded then: only the score, latency and the metric asked for.
        assertThat(lines.get(2)).isEqualTo("| trial | score | latency p50 / p99 µs | nacked |");
        // Nine trials, the three reject-publish ones from the re-run (its ratio=1 p50: 118.4 ms, the first run's 84.9).
        assertThat(lines).filteredOn(l -> l.startsWith("| PaceBenchmark")).hasSize(9);
        assertThat(lines.get(4))
                .startsWith(
                        "| PaceBenchmark.consume backPressure=reject-publish ratio=1 | 199.9 ops/s | e2e 118400 / ");
    }

    @Test
    void noRunOrAMissingOneIsOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(TrialTable.run(new String[] {}, System.out, errs)).isEqualTo(2);
        assertThat(TrialTable.run(new String[] {"no/such/run"}, System.out, errs))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(2).allMatch(l -> l.startsWith("error: "));
    }
}
