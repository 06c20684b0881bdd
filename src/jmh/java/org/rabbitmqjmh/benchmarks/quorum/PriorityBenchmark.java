package org.rabbitmqjmh.benchmarks.quorum;

import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.rabbitmqjmh.benchmarks.consume.DrainBenchmark;
import org.rabbitmqjmh.broker.BrokerVersion;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.Enums;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;
import org.rabbitmqjmh.engine.consume.AckMode;
import org.rabbitmqjmh.engine.consume.ConsumeSettings;
import org.rabbitmqjmh.engine.consume.ConsumeStyle;
import org.rabbitmqjmh.engine.consume.QueueConsumer;
import org.rabbitmqjmh.engine.consume.SequenceCheck;
import org.rabbitmqjmh.engine.publish.Priorities;
import org.rabbitmqjmh.engine.publish.Publisher;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;
import org.rabbitmqjmh.profilers.TrialMetrics;
import org.rabbitmqjmh.run.CheckedParams;

/**
 * Message priorities on a queue with a backlog, as RabbitMQ 4.0 brought them to quorum queues (two
 * classes: high, a priority above 4, and normal) beside a classic priority queue ({@code x-max-priority}).
 * Each call drains {@code messages} that an invocation-level setup published (confirmed) while no consumer
 * was subscribed, {@code highShare} percent of them high priority, spread evenly; the consumer (callback,
 * ack each, QoS {@code prefetch}) subscribes inside the call, so the queue, not the consumer, decides the
 * order. Score: the time to drain them (ms, single shot, as {@code DrainBenchmark}, whose {@code consumed}
 * counter it shares).
 *
 * <p>Secondary: {@code priority.high.first}, the share of the first H deliveries that were high, H the
 * number of high messages in the batch (1.0: every high message before any normal one; equal to the high
 * share: no ordering at all); {@code priority.high.rank} and {@code priority.normal.rank}, the mean
 * position (0 first, 1 last) at which each class was delivered. {@code priorities=off} publishes the same
 * messages with no priority property: what priorities cost. A quorum queue on RabbitMQ before 4.0 does
 * not order by priority: the trial is refused in one line there. The consumer checks the fill's
 * sequence: out of order is the point here ({@code order.out-of-order} counts it); a gap once a call
 * drained the whole batch fails the trial.
 *
 * <p>{@code java -jar target/benchmarks.jar PriorityBenchmark -p highShare=10,50 -p queueType=quorum,classic}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PriorityBenchmark implements CheckedParams {

    @Param({"2000"})
    public int messages;

    /** Percent of the messages published with priority 9 (the rest 0); a share that divides 100. */
    @Param({"10", "50"})
    public int highShare;

    /** on: priority properties set; off: none (the same messages, unordered: the cost of priorities). */
    @Param({"on", "off"})
    public String priorities;

    /** quorum (4.0's two classes), or classic declared with x-max-priority 9. */
    @Param({"quorum"})
    public String queueType;

    /** The consumer's QoS: a prefetch window is delivered in the order the queue hands it out. */
    @Param({"10"})
    public int prefetch;

    enum Switch {
        ON,
        OFF
    }

    private Connection admin;
    private Connection consumerConnection;
    private String queue;
    private QueueConsumer consumer;
    private Priorities published;
    private long firstId;
    private final SequenceCheck sequence = new SequenceCheck();
    private final AtomicLong position = new AtomicLong();
    private final AtomicLong highInFirst = new AtomicLong();
    private final double[] rankSums = new double[2];
    private final long[] rankCounts = new long[2];

    @Override
    public void checkParams() {
        if (messages < 1) {
            throw new IllegalArgumentException("messages " + messages + " is not a count to drain; allowed: 1 or more");
        }
        Priorities.ofShare(highShare);
        Enums.parse(Switch.class, priorities, "priorities");
        QueueType type = QueueType.parse(queueType);
        if (type != QueueType.QUORUM && type != QueueType.CLASSIC) {
            throw new IllegalArgumentException(
                    "queueType " + queueType + " has no priorities; allowed: quorum, classic");
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch " + prefetch + " leaves no room to order; allowed: 1 or more");
        }
    }

    @Setup(Level.Trial)
    public void setUp(BrokerState broker) {
        checkParams();
        QueueType type = QueueType.parse(queueType);
        if (type == QueueType.QUORUM) {
            BrokerVersion.require(broker.broker().version(), 4, 0, "message priorities on a quorum queue");
        }
        published = Enums.parse(Switch.class, priorities, "priorities") == Switch.ON
                ? Priorities.ofShare(highShare)
                : Priorities.NONE;
        admin = broker.connect(SocketIo.CLASSIC, "priority-fill");
        queue = Topology.uniqueName("priority");
        Map<String, Object> extra = type == QueueType.CLASSIC ? Map.of("x-max-priority", Priorities.HIGH) : Map.of();
        Topology.declareScratch(admin, QueueSpec.of(queue, type), extra);
        consumerConnection = broker.connect(SocketIo.CLASSIC, "priority-consumer");
        consumer = new QueueConsumer(
                consumerConnection,
                queue,
                type,
                ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.EACH, prefetch),
                TimingRecorder.off(),
                new Latency(),
                null);
        consumer.checkedBy(sequence);
        Priorities classes = Priorities.ofShare(highShare);
        long highs = highCount(classes);
        consumer.observe((id, sent, received) -> {
            long at = position.getAndIncrement();
            boolean high = classes.isHigh(id);
            if (high && at < highs) {
                highInFirst.incrementAndGet();
            }
            synchronized (rankSums) {
                rankSums[high ? 0 : 1] += messages == 1 ? 0 : (double) at / (messages - 1);
                rankCounts[high ? 0 : 1]++;
            }
        });
    }

    /** How many of a batch are high: the ids of a batch start at a multiple of the share, so this is exact. */
    private long highCount(Priorities classes) {
        return classes.high().countIn(messages);
    }

    @Setup(Level.Invocation)
    public void fill() throws Exception {
        Publisher.fill(admin, queue, messages, 16, firstId, published);
        firstId += messages;
        position.set(0);
        highInFirst.set(0);
    }

    /** After the timed call: the order this drain saw, then no subscription while the next fill runs. */
    @TearDown(Level.Invocation)
    public void unsubscribe() throws IOException {
        consumer.cancel();
        Order.complete(sequence);
        long highs = highCount(Priorities.ofShare(highShare));
        if (highs > 0) {
            TrialMetrics.observe("priority.high.first", (double) highInFirst.get() / highs);
        }
        synchronized (rankSums) {
            for (int c = 0; c < 2; c++) {
                if (rankCounts[c] > 0) {
                    TrialMetrics.observe(
                            c == 0 ? "priority.high.rank" : "priority.normal.rank", rankSums[c] / rankCounts[c]);
                }
                rankSums[c] = 0;
                rankCounts[c] = 0;
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (consumer != null) {
            consumer.close();
        }
        Connections.closeQuietly(consumerConnection);
        if (admin != null) {
            Topology.delete(admin, queue);
        }
        Connections.closeQuietly(admin);
    }

    @Benchmark
    public long drain(DrainBenchmark.Counts counts) throws Exception {
        counts.consumed += consumer.drain(messages);
        return counts.consumed;
    }
}
