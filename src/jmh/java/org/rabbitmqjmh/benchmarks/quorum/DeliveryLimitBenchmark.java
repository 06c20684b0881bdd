package org.rabbitmqjmh.benchmarks.quorum;

import com.rabbitmq.client.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rabbitmqjmh.benchmarks.BrokerState;
import org.rabbitmqjmh.benchmarks.Order;
import org.rabbitmqjmh.broker.BrokerVersion;
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
import org.rabbitmqjmh.engine.consume.SequenceCheck;
import org.rabbitmqjmh.engine.publish.Publisher;
import org.rabbitmqjmh.engine.timing.TimingRecorder;
import org.rabbitmqjmh.profilers.TrialMetrics;
import org.rabbitmqjmh.run.CheckedParams;

/**
 * Poison messages on a quorum queue with a delivery limit, as RabbitMQ 4.0 made it the default (20): a
 * consumer (callback, QoS {@code prefetch}) acknowledges the good messages and rejects the poison ones
 * with requeue ({@code basic.reject}) each time they come, until the queue dead-letters them to a
 * dead-letter queue, where a second consumer takes each one. Each call drains a batch of
 * {@code messages} published (confirmed) in an invocation-level setup, {@code poisonShare} percent of them
 * poison, spread evenly; it returns when every good message was handled on the queue and every poison one
 * in the dead-letter queue. Score: the time to do that (ms, single shot).
 *
 * <p>Nothing may be lost: a call that does not see every message within 30 s fails the trial, and so does
 * a poison message dead-lettered twice or a good one handled twice. Secondary: {@code poison.deliveries}, the
 * deliveries per poison message (the limit, plus the first); the broker's CPU per message from the
 * launcher's cost profiler then holds the redeliveries' cost. {@code deliveryLimit=default} declares no
 * limit (4.0's default applies; before 4.0 there is none, so the trial is refused there in one line).
 * Both consumers feed one {@code SequenceCheck} (a poison message fills its place in the sequence when
 * it comes from the dead-letter queue): {@code order.*} counters, and a gap after a call fails the trial.
 *
 * <p>{@code java -jar target/benchmarks.jar DeliveryLimitBenchmark -p poisonShare=1,10 -p deliveryLimit=default,5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DeliveryLimitBenchmark implements CheckedParams {

    @Param({"1000"})
    public int messages;

    /** Percent of the messages the consumer rejects every time (poison); a share that divides 100. */
    @Param({"1", "10"})
    public int poisonShare;

    /** x-delivery-limit of the queue; default: none declared (RabbitMQ 4.0's own default, 20). */
    @Param({"default", "5"})
    public String deliveryLimit;

    @Param({"10"})
    public int prefetch;

    private Connection admin;
    private Connection consumerConnection;
    private Connection deadLetterConnection;
    private String queue;
    private String deadLetters;
    private QueueConsumer consumer;
    private QueueConsumer deadLetterConsumer;
    private Share poison;
    private long firstId;
    private long rejectedBefore;
    private IdLedger goodSeen;
    private IdLedger poisonSeen;
    /** The fills' sequence over both consumers: a poison message is not lost once dead-lettered. */
    private final SequenceCheck sequence = new SequenceCheck();

    @Override
    public void checkParams() {
        if (messages < 1) {
            throw new IllegalArgumentException("messages " + messages + " is not a count to drain; allowed: 1 or more");
        }
        Share s = Share.ofPercent(poisonShare, "poisonShare");
        if (!s.any() || s.every() == 1) {
            throw new IllegalArgumentException("poisonShare " + poisonShare + " leaves no poison or no good message; "
                    + "allowed: 1, 2, 4, 5, 10, 20, 25, 50");
        }
        limit();
        if (prefetch < 1) {
            throw new IllegalArgumentException(
                    "prefetch " + prefetch + " is not a QoS for manual acks; allowed: 1 or more");
        }
    }

    /** The declared limit, or 0 for none ({@code default}). */
    private int limit() {
        if (deliveryLimit.equals("default")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(deliveryLimit);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("deliveryLimit " + deliveryLimit + " is not a limit; allowed: default "
                + "(the broker's) or 1 or more");
    }

    @Setup(Level.Trial)
    public void setUp(BrokerState broker) {
        checkParams();
        if (limit() == 0) {
            BrokerVersion.require(
                    broker.broker().version(), 4, 0, "deliveryLimit=default (a delivery limit by default)");
        }
        poison = Share.ofPercent(poisonShare, "poisonShare");
        admin = broker.connect(SocketIo.CLASSIC, "delivery-limit-fill");
        queue = Topology.uniqueName("delivery-limit");
        deadLetters = Topology.uniqueName("delivery-limit-dlq");
        Topology.declareScratch(admin, QueueSpec.classic(deadLetters, false));
        Map<String, Object> extra =
                new HashMap<>(Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", deadLetters));
        if (limit() > 0) {
            extra.put("x-delivery-limit", limit());
        }
        Topology.declareScratch(admin, QueueSpec.of(queue, QueueType.QUORUM), extra);
        consumerConnection = broker.connect(SocketIo.CLASSIC, "delivery-limit-consumer");
        ConsumeSettings settings = ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.EACH, prefetch);
        consumer = new QueueConsumer(
                        consumerConnection,
                        queue,
                        QueueType.QUORUM,
                        settings,
                        TimingRecorder.off(),
                        TrialMetrics.latency("e2e"),
                        null)
                .checkedBy(sequence)
                .started();
        consumer.requeueWhen(poison::picks);
        // A connection of its own: a delivery waiting for the next quota holds its connection's thread.
        deadLetterConnection = broker.connect(SocketIo.CLASSIC, "delivery-limit-dead-letters");
        deadLetterConsumer = new QueueConsumer(
                        deadLetterConnection,
                        deadLetters,
                        QueueType.CLASSIC,
                        settings,
                        TimingRecorder.off(),
                        TrialMetrics.latency("dead-lettered"),
                        null)
                .checkedBy(sequence)
                .started();
        // Poison deliveries are rejected before the observer: it sees the good messages only.
        consumer.observe((id, sent, received) -> mark(goodSeen, id, "good message"));
        deadLetterConsumer.observe((id, sent, received) -> mark(poisonSeen, id, "dead-lettered poison message"));
    }

    private static void mark(IdLedger ledger, long id, String what) {
        if (!ledger.mark(id)) {
            throw new IllegalStateException("the " + what + " " + id + " came twice");
        }
    }

    @Setup(Level.Invocation)
    public void fill() throws Exception {
        goodSeen = new IdLedger(firstId, messages);
        poisonSeen = new IdLedger(firstId, messages);
        rejectedBefore = consumer.rejected();
        Publisher.fill(admin, queue, messages, 16, firstId);
        firstId += messages;
    }

    /** After the timed call: how often each poison message came before it was dead-lettered. */
    @TearDown(Level.Invocation)
    public void count() {
        long poisoned = poison.countIn(messages);
        TrialMetrics.observe("poison.deliveries", (double) (consumer.rejected() - rejectedBefore) / poisoned);
        // Every good message was handled and every poison one dead-lettered and taken: a gap is a loss.
        Order.complete(sequence);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (deadLetterConsumer != null) {
            deadLetterConsumer.close();
        }
        if (consumer != null) {
            consumer.close();
        }
        Connections.closeQuietly(consumerConnection);
        Connections.closeQuietly(deadLetterConnection);
        if (admin != null) {
            Topology.delete(admin, queue);
            Topology.delete(admin, deadLetters);
        }
        Connections.closeQuietly(admin);
    }

    /** Good messages handled and poison messages dead-lettered per call (EVENTS: summed by JMH). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counts {
        public long consumed;
        public long deadLettered;

        @Setup(Level.Iteration)
        public void reset() {
            consumed = 0;
            deadLettered = 0;
        }
    }

    @Benchmark
    public long drain(Counts counts) throws Exception {
        long poisoned = poison.countIn(messages);
        consumer.consume(messages - poisoned);
        deadLetterConsumer.consume(poisoned);
        counts.consumed += messages - poisoned;
        counts.deadLettered += poisoned;
        return counts.consumed;
    }
}
