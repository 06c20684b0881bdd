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
import org.rabbitmqjmh.benchmarks.consume.DrainBenchmark;
import org.rabbitmqjmh.benchmarks.pace.PaceBenchmark;
import org.rabbitmqjmh.benchmarks.publish.PublishBenchmark;
import org.rabbitmqjmh.broker.Listener;

/**
 * The per-publisher sequence check on a real broker, through ProtocolBenchmark's consumer and the
 * engine's ({@code QueueConsumer}, PublishBenchmark's drain): a clean trial reports no duplicate and
 * nothing out of order; a consumer that loses messages fails the trial with the gap.
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

    /** Two publisher threads, each its own sequence, into one drained queue. */
    private static final Map<String, String> PUBLISH = Map.of(
            "confirm", "async-window",
            "batch", "100",
            "messageSize", "16",
            "delivery", "transient",
            "queueType", "classic",
            "socketIo", "classic",
            "recording", "off");

    @Test
    void aCleanPublishTrialCountsNoDuplicateAndNothingOutOfOrder() throws Exception {
        RunResult r = JmhTrials.run(run, PublishBenchmark.class.getName(), PUBLISH, 2, 2)
                .iterator()
                .next();

        assertThat(r.getPrimaryResult().getScore()).isPositive();
        assertThat(r.getSecondaryResults().get("order.duplicates").getScore()).isZero();
        assertThat(r.getSecondaryResults().get("order.out-of-order").getScore()).isZero();
        assertThat(r.getSecondaryResults().get("order.redelivered").getScore()).isZero();
    }

    @Test
    void aMessageTheEngineConsumerLosesFailsThePublishTrial() {
        assertThatThrownBy(() -> JmhTrials.run(
                        run, PublishBenchmark.class.getName(), PUBLISH, 1, "-Drabbitmqjmh.order.skip-every=1000"))
                .satisfies(e -> assertThat(everyMessage(e))
                        .contains("order: ")
                        .contains("never reached the consumer")
                        .contains("publisher 0: 999"));
    }

    @Test
    void aMessageADrainLosesFailsTheConsumeTrial() {
        Map<String, String> drain = Map.of(
                "messages", "2000", "prefetch", "100", "style", "callback", "ack", "each", "socketIo", "classic");
        assertThatThrownBy(() -> JmhTrials.run(
                        run, DrainBenchmark.class.getName(), drain, 1, "-Drabbitmqjmh.order.skip-every=1000"))
                .satisfies(e -> assertThat(everyMessage(e))
                        .contains("order: 1 messages skipped")
                        .contains("publisher 0: 999"));
    }

    @Test
    void paceTrialsFailNoGapThatTheirBackPressureMakesByDesign() throws Exception {
        // drop-head at 10x the consumer's rate drops messages: holes in the sequence, counted, not failed;
        // confirms loses nothing, so it is checked, and a clean one passes.
        Collection<RunResult> results = JmhTrials.run(
                run,
                PaceBenchmark.class.getName(),
                Map.of("ratio", "10", "backPressure", "drop-head,confirms", "maxLength", "100"),
                2);

        assertThat(results).hasSize(2);
        RunResult dropHead = results.stream()
                .filter(r -> r.getParams().getParam("backPressure").equals("drop-head"))
                .findFirst()
                .orElseThrow();
        assertThat(dropHead.getSecondaryResults().get("dropped").getScore()).isPositive();
        assertThat(results)
                .allSatisfy(r -> assertThat(
                                r.getSecondaryResults().get("order.duplicates").getScore())
                        .isZero());
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
