package org.rabbitmqjmh.benchmarks.quorum;

import com.rabbitmq.client.Connection;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.rabbitmqjmh.engine.consume.Quota;
import org.rabbitmqjmh.engine.consume.SequenceCheck;
import org.rabbitmqjmh.engine.publish.Priorities;
import org.rabbitmqjmh.engine.publish.Publisher;
import org.rabbitmqjmh.engine.timing.TimingRecorder;
import org.rabbitmqjmh.profilers.TrialMetrics;
import org.rabbitmqjmh.run.CheckedParams;

/**
 * What RabbitMQ 4.0 changed on the consumer side of a quorum queue: a single active consumer hands the
 * queue over to a consumer of higher priority ({@code x-priority}) that joins, once the active one has
 * acknowledged what it holds; before 4.0, and on a classic queue, the first consumer stays active until
 * it goes. Each call drains a backlog of {@code messages}: the first consumer (priority 0) subscribes and
 * handles a tenth of them, then a second subscribes ({@code newcomer}: {@code higher}, priority 10, or
 * {@code same}, 0) and the two share the rest. Score: the time to drain the backlog. Secondary:
 * {@code handover.newcomer-share}, the share of the rest the newcomer handled (0: no handover);
 * {@code handover.first-after}, the messages the first consumer handled after the newcomer joined (its
 * prefetch, where it hands over); {@code handover.ms}, from the newcomer's subscription to its first
 * delivery, where it got one. Both consumers feed one {@code SequenceCheck}: a message the handover
 * loses fails the trial, and the counters say what it reordered or repeated.
 *
 * <p>{@code java -jar target/benchmarks.jar SingleActiveBenchmark -p queueType=quorum,classic -p newcomer=higher,same}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SingleActiveBenchmark implements CheckedParams {

    @Param({"2000"})
    public int messages;

    /** The second consumer's priority against the first's: higher (10 against 0) or the same. */
    @Param({"higher", "same"})
    public String newcomer;

    /** quorum, or classic (whose single active consumer never hands over while it lives). */
    @Param({"quorum", "classic"})
    public String queueType;

    /** Each consumer's QoS: what the first holds unacknowledged when the newcomer joins. */
    @Param({"10"})
    public int prefetch;

    enum Newcomer {
        HIGHER,
        SAME
    }

    private static final int HIGH = 10;

    private Connection admin;
    private Connection firstConnection;
    private Connection secondConnection;
    private String queue;
    private QueueType type;
    private QueueConsumer first;
    private QueueConsumer second;
    private long firstId;
    private final AtomicLong firstDelivery = new AtomicLong();
    /** The fills' sequence over both consumers: the handover must lose nothing. */
    private final SequenceCheck sequence = new SequenceCheck();

    private final ExecutorService firstThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rabbitmq-jmh-first-consumer");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void checkParams() {
        if (messages < 10) {
            throw new IllegalArgumentException(
                    "messages " + messages + " is too few to hand over; allowed: 10 or more");
        }
        Enums.parse(Newcomer.class, newcomer, "newcomer");
        type = QueueType.parse(queueType);
        if (type == QueueType.STREAM) {
            throw new IllegalArgumentException(
                    "queueType stream has no single active consumer over AMQP 0.9.1; allowed: quorum, classic");
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException(
                    "prefetch " + prefetch + " is not a QoS for manual acks; allowed: 1 or more");
        }
    }

    @Setup(Level.Trial)
    public void setUp(BrokerState broker) {
        checkParams();
        admin = broker.connect(SocketIo.CLASSIC, "single-active-fill");
        firstConnection = broker.connect(SocketIo.CLASSIC, "single-active-first");
        secondConnection = broker.connect(SocketIo.CLASSIC, "single-active-newcomer");
        queue = Topology.uniqueName("single-active");
        Topology.declareScratch(admin, QueueSpec.of(queue, type), Map.of("x-single-active-consumer", true));
    }

    /** A backlog, and two consumers not yet subscribed (a group starts afresh each call). */
    @Setup(Level.Invocation)
    public void fill() throws Exception {
        Publisher.fill(admin, queue, messages, 16, firstId, Priorities.NONE);
        firstId += messages;
        ConsumeSettings each = ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.EACH, prefetch);
        first = new QueueConsumer(
                        firstConnection, queue, type, each, TimingRecorder.off(), TrialMetrics.latency("e2e"), null)
                .priority(0)
                .checkedBy(sequence);
        second = new QueueConsumer(
                        secondConnection, queue, type, each, TimingRecorder.off(), TrialMetrics.latency("e2e"), null)
                .priority(Enums.parse(Newcomer.class, newcomer, "newcomer") == Newcomer.HIGHER ? HIGH : 0)
                .checkedBy(sequence);
        firstDelivery.set(0);
        second.observe((id, sent, received) -> firstDelivery.compareAndSet(0, System.nanoTime()));
    }

    @Benchmark
    public long handover() throws Exception {
        long joinAt = messages / 10;
        first.drain(joinAt);
        long firstBefore = first.counts().consumed();
        long joined = System.nanoTime();
        second.subscribe();
        Quota rest = new Quota(messages - joinAt);
        Future<?> firstPart = firstThread.submit(() -> {
            first.consume(rest);
            return null;
        });
        second.consume(rest);
        firstPart.get(60, TimeUnit.SECONDS); // the quota is complete: the first consumer's wait ends at once
        Order.complete(sequence); // the whole fill was handled: a gap is a message the handover lost
        long newcomerDid = second.counts().consumed();
        TrialMetrics.observe("handover.newcomer-share", (double) newcomerDid / rest.target());
        TrialMetrics.observe("handover.first-after", first.counts().consumed() - firstBefore);
        if (firstDelivery.get() > 0) {
            TrialMetrics.observe("handover.ms", (firstDelivery.get() - joined) / 1e6);
        }
        return newcomerDid;
    }

    @TearDown(Level.Invocation)
    public void closeConsumers() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        firstThread.shutdownNow();
        Connections.closeQuietly(firstConnection);
        Connections.closeQuietly(secondConnection);
        if (admin != null) {
            Topology.delete(admin, queue);
        }
        Connections.closeQuietly(admin);
    }
}
