package org.rabbitmqjmh.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.broker.Listener;

/**
 * The per-publisher sequence check of ProtocolBenchmark on a real broker: a clean trial reports no
 * duplicate and nothing out of order; a consumer that loses messages fails the trial with the gap.
 */
class OrderGapsTest {

    @TempDir
    Path run;

    private static final Map<String, String> STREAMING =
            Map.of("protocol", "amqp091", "form", "streaming", "messageSize", "16");

    @Test
    void aCleanTrialCountsNoDuplicateAndNothingOutOfOrder() throws Exception {
        Collection<RunResult> results = JmhTrials.run(run, "ProtocolBenchmark", STREAMING, 2);

        RunResult r = results.iterator().next();
        assertThat(r.getPrimaryResult().getScore()).isPositive();
        assertThat(r.getSecondaryResults().get("order.duplicates").getScore()).isZero();
        assertThat(r.getSecondaryResults().get("order.out-of-order").getScore()).isZero();
    }

    @Test
    void aLostMessageFailsTheTrialNamingItsPublisherAndIds() {
        assertThatThrownBy(() ->
                        JmhTrials.run(run, "ProtocolBenchmark", STREAMING, 1, "-Drabbitmqjmh.order.skip-every=1000"))
                .satisfies(e -> assertThat(everyMessage(e))
                        .contains("order: ")
                        .contains("never reached the consumer")
                        .contains("publisher 0: 999"));
    }

    /** On a stream, where the cross-check does not bound deliveries (chunks), the gap check alone sees it. */
    @Test
    void aConsumerThatReceivesNothingFailsTheTrial() {
        Map<String, String> onAStream = new HashMap<>(STREAMING);
        onAStream.put("queueType", "stream");
        assertThatThrownBy(
                        () -> JmhTrials.run(run, "ProtocolBenchmark", onAStream, 1, "-Drabbitmqjmh.order.skip-every=1"))
                .satisfies(e -> assertThat(everyMessage(e))
                        .contains("order: the consumer received none of the ")
                        .contains(" messages the broker acknowledged"));
    }

    @Test
    void aStreamConsumersLostMessageFailsTheStreamTrialToo() {
        TestBroker.broker().enable(List.of(Listener.STREAM));
        assertThatThrownBy(() -> JmhTrials.run(
                        run, "streams.StreamBenchmark", Map.of(), 1, "-Drabbitmqjmh.order.skip-every=1000"))
                .satisfies(e -> assertThat(everyMessage(e))
                        .contains("never reached the consumer")
                        .contains("publisher 0: 999"));
    }

    /** Every message of the exception, its causes and what they suppressed: JMH wraps a fork's failure. */
    private static String everyMessage(Throwable e) {
        StringBuilder b = new StringBuilder();
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            b.append(t).append('\n');
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(List.of(t.getSuppressed()));
        }
        return b.toString();
    }
}
