package org.rabbitmqjmh.results.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.Direction;
import org.rabbitmqjmh.results.JmhResult;
import org.rabbitmqjmh.results.Metrics;

/** Which metrics are rows, which rows can fail a comparison, and which way each one is better. */
class MetricsTest {

    private static final String PUBLISH = "org.rabbitmqjmh.benchmarks.publish.PublishBenchmark.publish";

    @Test
    void costsAndMediansAndP99sAreRowsButCountsAndP999AreNot() {
        assertThat(List.of(
                        "cost.client.cpu",
                        "cost.client.cpu.java",
                        "cost.client.alloc",
                        "cost.broker.cpu",
                        "confirm.p50",
                        "confirm.p99",
                        "e2e.p50",
                        "e2e.p99"))
                .allMatch(Metrics::isRow);
        assertThat(List.of("confirm.p99.9", "e2e.p99.9", "published", "broker.received", "queue.depth.max"))
                .noneMatch(Metrics::isRow);
    }

    @Test
    void theProcessCpuAndTheP99sAreShownButNotGated() {
        assertThat(List.of(
                        "", "cost.client.alloc", "cost.client.cpu.java", "cost.broker.cpu", "confirm.p50", "e2e.p50"))
                .allMatch(Metrics::isGated);
        assertThat(List.of("cost.client.cpu", "confirm.p99", "e2e.p99")).noneMatch(Metrics::isGated);
    }

    @Test
    void aLatencyInMicrosecondsIsBetterLowerEvenInAThroughputBenchmark() {
        assertThat(Direction.of("thrpt", "us")).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThat(Direction.of("thrpt", "ns/msg")).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThat(Direction.of("thrpt", "ops/s")).isEqualTo(Direction.HIGHER_IS_BETTER);
    }

    @Test
    void aSlowerRowThatIsNotGatedIsShownAndFailsNothing() {
        Comparison ungated =
                Comparison.of(List.of(row("cost.client.cpu", 100)), List.of(row("cost.client.cpu", 130)), 5);
        assertThat(ungated.rows().get(0).verdict()).isEqualTo(Verdict.SLOWER);
        assertThat(ungated.rows().get(0).gated()).isFalse();
        assertThat(ungated.regressed()).isFalse();
        assertThat(ComparisonText.terminal(ungated))
                .contains("slower (not gated)")
                .contains("fails nothing");

        Comparison gated =
                Comparison.of(List.of(row("cost.client.cpu.java", 100)), List.of(row("cost.client.cpu.java", 130)), 5);
        assertThat(gated.rows().get(0).verdict()).isEqualTo(Verdict.SLOWER);
        assertThat(gated.regressed()).isTrue();
        assertThat(ComparisonText.terminal(gated)).doesNotContain("not gated");
    }

    @Test
    void aRowKnowsItsMetric() {
        assertThat(BenchmarkKey.of(PUBLISH + ":cost.broker.cpu", "thrpt", Map.of())
                        .metric())
                .isEqualTo("cost.broker.cpu");
        assertThat(BenchmarkKey.of(PUBLISH, "thrpt", Map.of()).metric()).isEmpty();
    }

    /** Five forks of five iterations around {@code mean}, 1% apart: a 30% change is far outside them. */
    private static JmhResult row(String metric, double mean) {
        double[][] samples = new double[5][5];
        for (int f = 0; f < 5; f++) {
            for (int i = 0; i < 5; i++) {
                samples[f][i] = mean * (1 + 0.01 * ((f + i) % 3 - 1));
            }
        }
        return new JmhResult(
                BenchmarkKey.of(PUBLISH + ":" + metric, "thrpt", Map.of("confirm", "unary")),
                "ns/msg",
                mean,
                Double.NaN,
                samples);
    }
}
