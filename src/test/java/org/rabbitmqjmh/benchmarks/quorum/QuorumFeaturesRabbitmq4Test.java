package org.rabbitmqjmh.benchmarks.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Connection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.benchmarks.JmhTrials;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.Share;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;
import org.rabbitmqjmh.engine.consume.AckMode;
import org.rabbitmqjmh.engine.consume.ConsumeSettings;
import org.rabbitmqjmh.engine.consume.ConsumeStyle;
import org.rabbitmqjmh.engine.consume.IdLedger;
import org.rabbitmqjmh.engine.consume.QueueConsumer;
import org.rabbitmqjmh.engine.publish.Priorities;
import org.rabbitmqjmh.engine.publish.Publisher;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/** Quorum queues as RabbitMQ 4.0 made them, on the 4.0.5 container: priorities and the delivery limit. */
class QuorumFeaturesRabbitmq4Test {

    @TempDir
    Path run;

    @Test
    void aBacklogGivesItsHighPriorityMessagesFirstAndWithoutPrioritiesPublishOrder() throws Exception {
        assertThat(highAmongFirst(Priorities.ofShare(10)))
                .as("high among the first 10 of 100, priorities on")
                .isGreaterThanOrEqualTo(6);
        assertThat(highAmongFirst(Priorities.NONE))
                .as("without the property, publish order: only id 9 in the first 10")
                .isEqualTo(1);
    }

    /** 100 messages, every tenth high (or none flagged), drained at QoS 1: how many of the first 10 were ids 9, 19, ... */
    private static int highAmongFirst(Priorities published) throws Exception {
        Connection c = Connections.open(TestBroker.uri(), SocketIo.CLASSIC, "priority-test");
        String queue = Topology.uniqueName("priority-test");
        try {
            Topology.declareScratch(c, QueueSpec.of(queue, QueueType.QUORUM));
            Publisher.fill(c, queue, 100, 16, 0, published);
            List<Long> order = new ArrayList<>();
            try (QueueConsumer consumer = new QueueConsumer(
                            c,
                            queue,
                            QueueType.QUORUM,
                            ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.EACH, 1),
                            TimingRecorder.off(),
                            new Latency(),
                            null)
                    .started()) {
                consumer.observe((id, sent, received) -> {
                    synchronized (order) {
                        order.add(id);
                    }
                });
                consumer.consume(100);
            }
            Priorities tenth = Priorities.ofShare(10);
            return (int) order.subList(0, 10).stream().filter(tenth::isHigh).count();
        } finally {
            Topology.delete(c, queue);
            Connections.closeQuietly(c);
        }
    }

    @Test
    void everyPoisonMessageIsDeadLetteredOnceAfterTheLimitAndNoGoodOneIsLost() throws Exception {
        int limit = 3;
        Share poison = Share.ofPercent(10, "poisonShare");
        Connection c = Connections.open(TestBroker.uri(), SocketIo.CLASSIC, "delivery-limit-test");
        Connection dl = Connections.open(TestBroker.uri(), SocketIo.CLASSIC, "delivery-limit-test-dlq");
        String queue = Topology.uniqueName("delivery-limit-test");
        String dlq = Topology.uniqueName("delivery-limit-test-dlq");
        try {
            Topology.declareScratch(c, QueueSpec.classic(dlq, false));
            Topology.declareScratch(
                    c,
                    QueueSpec.of(queue, QueueType.QUORUM),
                    Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", dlq, "x-delivery-limit", limit));
            ConsumeSettings each = ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.EACH, 5);
            IdLedger good = new IdLedger(0, 100);
            IdLedger dead = new IdLedger(0, 100);
            try (QueueConsumer consumer = new QueueConsumer(
                                    c, queue, QueueType.QUORUM, each, TimingRecorder.off(), new Latency(), good)
                            .started();
                    QueueConsumer deadLetters = new QueueConsumer(
                                    dl, dlq, QueueType.CLASSIC, each, TimingRecorder.off(), new Latency(), dead)
                            .started()) {
                consumer.requeueWhen(poison::picks);
                Publisher.fill(c, queue, 100, 16, 0, Priorities.NONE);
                consumer.consume(90);
                deadLetters.consume(10);
                assertThat(good.seen()).isEqualTo(90);
                assertThat(consumer.counts().duplicates()).isZero();
                assertThat(dead.seen()).isEqualTo(10);
                assertThat(deadLetters.counts().duplicates()).isZero();
                // Each poison message came the first time and once per allowed redelivery, then went.
                assertThat(consumer.rejected()).isEqualTo(10L * (limit + 1));
                assertThat(Topology.messageCount(c, queue)).isZero();
            }
        } finally {
            Topology.delete(c, queue);
            Topology.delete(c, dlq);
            Connections.closeQuietly(dl);
            Connections.closeQuietly(c);
        }
    }

    @Test
    void bothBenchmarksScoreWitnessedByTheBrokersCounters() throws Exception {
        Collection<RunResult> priority = JmhTrials.run(
                run, "quorum.PriorityBenchmark", Map.of("messages", "500", "highShare", "10", "priorities", "on"), 2);
        assertThat(priority).hasSize(1);
        RunResult p = priority.iterator().next();
        assertThat(p.getSecondaryResults().get("priority.high.first").getScore())
                .isGreaterThan(0.5);
        assertThat(p.getSecondaryResults()).containsKeys("broker.delivered", "client.received");
        // Priorities reorder by design: counted, and no gap once the batch is drained.
        assertThat(p.getSecondaryResults().get("order.out-of-order").getScore()).isPositive();
        assertThat(p.getSecondaryResults().get("order.duplicates").getScore()).isZero();

        Collection<RunResult> limit = JmhTrials.run(
                run, "DeliveryLimitBenchmark", Map.of("messages", "200", "poisonShare", "10", "deliveryLimit", "3"), 2);
        assertThat(limit).hasSize(1);
        RunResult l = limit.iterator().next();
        assertThat(l.getSecondaryResults().get("poison.deliveries").getScore()).isEqualTo(4.0);
        assertThat(l.getSecondaryResults().get("deadLettered").getScore()).isEqualTo(40.0);
        // A poison message taken from the dead-letter queue fills its place in the sequence: late, not lost.
        assertThat(l.getSecondaryResults().get("order.out-of-order").getScore()).isPositive();
        assertThat(l.getSecondaryResults().get("order.duplicates").getScore()).isZero();
    }

    @Test
    void aQuorumQueuesSingleActiveConsumerHandsOverToAHigherPriorityNewcomerAndOnlyThen() throws Exception {
        assertThat(newcomerShare("quorum", "higher")).as("quorum, higher").isGreaterThan(0.9);
        assertThat(newcomerShare("quorum", "same")).as("quorum, same priority").isZero();
        assertThat(newcomerShare("classic", "higher")).as("classic, higher").isZero();
    }

    /** The newcomer's share of the messages left when it joined, from a short real trial. */
    private double newcomerShare(String queueType, String newcomer) throws Exception {
        Collection<RunResult> r = JmhTrials.run(
                run,
                "SingleActiveBenchmark",
                Map.of("queueType", queueType, "newcomer", newcomer, "messages", "1000"),
                2);
        assertThat(r).hasSize(1);
        Map<String, Result> secondary = r.iterator().next().getSecondaryResults();
        if (newcomer.equals("higher") && queueType.equals("quorum")) {
            // It hands over once the first consumer acknowledged what it held: its prefetch, no more.
            assertThat(secondary.get("handover.first-after").getScore()).isLessThanOrEqualTo(10.0);
        }
        return secondary.get("handover.newcomer-share").getScore();
    }
}
