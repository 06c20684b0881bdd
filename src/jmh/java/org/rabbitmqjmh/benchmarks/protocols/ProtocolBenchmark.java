package org.rabbitmqjmh.benchmarks.protocols;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;
import org.rabbitmqjmh.benchmarks.BrokerState;
import org.rabbitmqjmh.broker.Listener;
import org.rabbitmqjmh.engine.ClientTotals;
import org.rabbitmqjmh.engine.Enums;
import org.rabbitmqjmh.engine.MessageCodec;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.consume.SequenceCheck;
import org.rabbitmqjmh.profilers.TrialMetrics;
import org.rabbitmqjmh.protocols.CountedMember;
import org.rabbitmqjmh.protocols.Destination;
import org.rabbitmqjmh.protocols.Endpoint;
import org.rabbitmqjmh.protocols.MessageReceiver;
import org.rabbitmqjmh.protocols.Protocol;
import org.rabbitmqjmh.protocols.ProtocolClient;
import org.rabbitmqjmh.protocols.Protocols;
import org.rabbitmqjmh.protocols.SenderLoop;
import org.rabbitmqjmh.protocols.TrialCounts;
import org.rabbitmqjmh.run.CheckedParams;

/**
 * One queue, every protocol RabbitMQ speaks: AMQP 0.9.1, Streams, MQTT and MQTT over WebSocket, STOMP
 * and STOMP over WebSocket, AMQP 1.0; and AMQP 0.9.1 and Streams over TLS ({@code -p tls=on}, against
 * the private node's per-run CA). A JMH thread is a publisher with a connection of its own; one consumer
 * (of the same protocol, or of {@code consumeWith}) drains the queue on a connection of its own.
 *
 * <p>The score counts messages the broker <b>acknowledged</b> per second, the protocol's own way:
 * publisher confirm, MQTT PUBACK (QoS 1), STOMP RECEIPT, stream confirm, AMQP 1.0 Accepted. A call
 * takes a slot of the outstanding window ({@link SenderLoop}) and sends one message; the slot
 * comes back with the acknowledgement. {@code unary} is a window of 1 (each send waits for the previous
 * message's acknowledgement), {@code streaming} a window of {@code window}. The window is never emptied
 * between iterations, so in steady state a call completes exactly when an acknowledgement arrives and
 * the call rate is the acknowledgement rate, off by at most the window at an iteration's edges.
 *
 * <p>Secondary results: aux counters sent, acknowledged and consumed (EVENTS); acknowledgement latency
 * ({@code confirm}) and end-to-end latency ({@code e2e}, send to consumer callback) p50/p99/p99.9 in
 * microseconds from {@code LatencyProfiler}; client and broker CPU and allocation per message from the
 * launcher's cost profiler. A message the broker refuses fails the trial. The broker's own counters
 * witness every measurement iteration ({@code BrokerCrossCheck}): this trial's clients count into the
 * client totals it compares them with (RabbitMQ 3.10 counts MQTT, STOMP and AMQP 1.0 under amqp091, its
 * plugins publishing through internal channels; Streams under stream).
 *
 * <p>Each protocol at its defaults, so they differ as a user would meet them: AMQP 0.9.1 and STOMP
 * messages transient, MQTT QoS 1 (RabbitMQ stores them as persistent), AMQP 1.0 non-durable, Streams
 * always on disk. The consumer acknowledges each message (AMQP 0.9.1, STOMP client-individual, AMQP 1.0
 * accepted, MQTT PUBACK after the callback); a stream consumer does not acknowledge.
 *
 * <p>{@code -p protocol=amqp10-rabbitmq}: AMQP 1.0 with RabbitMQ's own client instead of Qpid protonj2
 * (RabbitMQ 4.0 and later, so not among the defaults, which must run on any broker the suite starts).
 * {@code -p protocol=mqtt5,web-mqtt5}: MQTT 5 beside MQTT 3.1.1, the consumer's Receive Maximum the
 * prefetch (RabbitMQ 3.13 and later, not among the defaults either). On an older broker such a trial
 * fails in one line naming the broker's version.
 *
 * <p>{@code queueType} (classic, quorum, stream) is the queue's type for the protocols that address a
 * queue; a consumer of a stream reads it from its first offset with its credits. {@code consumeWith}
 * (same, or a protocol) publishes with {@code protocol} and consumes with another, through
 * {@code amq.topic} where MQTT is on either side; {@link Destination} decides the queue and refuses a
 * pair that cannot work in one line. {@code credits} is the consumer's unacknowledged limit (200, as the
 * constant it replaced); {@code window} the publisher's settlement window. JMH crosses params: with
 * {@code -p queueType=quorum} alone the launcher leaves out the default protocols that refuse it
 * (stream, mqtt, web-mqtt); naming one with {@code -p protocol} is refused in one line.
 *
 * <p>{@code java -jar target/benchmarks.jar ProtocolBenchmark -p protocol=amqp091,amqp10,amqp10-rabbitmq -p queueType=classic,quorum,stream}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// JMH's defaults (5 forks of 5 x 10 s warmup and 5 x 10 s measurement) would make the 28 default trials
// a four-hour run; these are the protocols profile's, about 11 minutes. Any -f/-wi/-i given wins.
@Fork(2)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 4, time = 1)
public class ProtocolBenchmark implements CheckedParams {

    @Param({"amqp091", "stream", "mqtt", "web-mqtt", "stomp", "web-stomp", "amqp10"})
    public String protocol;

    /** unary: wait for each acknowledgement; streaming: up to {@code window} outstanding. */
    @Param({"unary", "streaming"})
    public String form;

    @Param({"16", "1024"})
    public int messageSize;

    /**
     * The streaming form's outstanding acknowledgements (the unary form's is 1): the publisher's
     * settlement window, in every protocol (unconfirmed publisher confirms, unsettled AMQP 1.0 transfers,
     * unanswered RECEIPTs and PUBACKs, unconfirmed stream messages).
     */
    @Param({"100"})
    public int window;

    /** on: AMQP 0.9.1 and Streams over TLS, to the broker's TLS listener (both sides of a pair). */
    @Param({"off"})
    public String tls;

    /**
     * The queue: classic (non-durable), quorum or stream, for the protocols that address a queue
     * (amqp091, amqp10, amqp10-rabbitmq, stomp, web-stomp). The stream protocol alone always uses its
     * stream (quorum refused); an MQTT consumer reads the classic queue the broker makes for it, so
     * takes classic only; a pair with the stream protocol on one side takes stream only.
     */
    @Param({"classic"})
    public String queueType;

    /** The consumer's protocol: same (the publisher's), or another protocol's label (see {@link Destination}). */
    @Param({"same"})
    public String consumeWith;

    /**
     * The consumer's unacknowledged limit: AMQP 1.0 link credit, AMQP 0.9.1 prefetch, STOMP
     * prefetch-count. MQTT (the broker's mqtt.prefetch) and the stream protocol (chunk credits) have none.
     */
    @Param({"200"})
    public int credits;

    static final int MAX_CREDITS = 65_535; // AMQP 0.9.1's basic.qos prefetch-count is a short

    private Protocol chosen;
    private Protocol consumer;
    private QueueType type;
    private boolean overTls;
    private Destination destination;
    private ProtocolClient client;
    private ProtocolClient consumerClient;
    private MessageReceiver receiver;
    /** Sent, acknowledged and consumed over the trial; each publisher's sequence as the consumer saw it. */
    private final TrialCounts counts = new TrialCounts();

    enum Form {
        UNARY,
        STREAMING
    }

    enum Tls {
        ON,
        OFF
    }

    @Override
    public void checkParams() {
        chosen = Protocol.parse(protocol);
        consumer = consumerOf(consumeWith, chosen);
        Enums.parse(Form.class, form, "form");
        overTls = Enums.parse(Tls.class, tls, "tls") == Tls.ON;
        chosen.listeners(overTls);
        consumer.listeners(overTls);
        type = Destination.queueType(chosen, consumer, QueueType.parse(queueType));
        MessageCodec.checkSize(messageSize);
        if (window < 1) {
            throw new IllegalArgumentException("window " + window + " is too small; allowed: 1 or more");
        }
        if (credits < 1 || credits > MAX_CREDITS) {
            throw new IllegalArgumentException("credits " + credits + " is out of range; allowed: 1 to " + MAX_CREDITS);
        }
    }

    static Protocol consumerOf(String consumeWith, Protocol publisher) {
        if ("same".equals(consumeWith)) {
            return publisher;
        }
        try {
            return Protocol.parse(consumeWith);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "consumeWith: " + e.getMessage().replace("allowed: ", "allowed: same, "));
        }
    }

    @Override
    public List<Listener> listeners() {
        boolean on = "on".equals(tls);
        Protocol p = Protocol.parse(protocol);
        List<Listener> both = new ArrayList<>(p.listeners(on));
        consumerOf(consumeWith, p).listeners(on).stream()
                .filter(l -> !both.contains(l))
                .forEach(both::add);
        return both;
    }

    int outstanding() {
        return form.equals("unary") ? 1 : window;
    }

    @Setup(Level.Trial)
    public void setUp(BrokerState broker) {
        checkParams();
        chosen.requireBroker(broker.broker().version());
        consumer.requireBroker(broker.broker().version());
        broker.broker().enable(listeners());
        Endpoint endpoint = Endpoint.of(broker.broker());
        client = Protocols.client(chosen, endpoint, overTls);
        consumerClient = consumer == chosen ? client : Protocols.client(consumer, endpoint, overTls);
        destination = Destination.open(endpoint, chosen, consumer, QueueType.parse(queueType));
        receiver = consumerClient.receiver(
                destination, counts.receiver(TrialMetrics.latency("e2e"), new SequenceCheck()), credits);
        ClientTotals.joined(totals);
    }

    /**
     * This trial's clients as the broker cross-check and the cost profiler count them: sent and
     * acknowledged by the broker, consumed (and acknowledged, except by a stream-protocol consumer, which
     * does not). What may be in flight: the windows; the credits where the consumer's protocol lets a
     * client set them (MQTT 5's Receive Maximum too); no bound for MQTT 3.1.1 (the broker's own
     * mqtt.prefetch), for a stream-protocol consumer (chunk credits), nor for any consumer of a stream
     * queue (the broker may deliver a whole chunk, past the credits).
     */
    private final ClientTotals.Member totals = new CountedMember(counts) {
        @Override
        public long received() {
            return counts.consumed();
        }

        @Override
        public long acked() {
            return consumer == Protocol.STREAM ? 0 : counts.consumed();
        }

        @Override
        public long deliveryInFlightBound() {
            return !consumer.boundsDeliveries() || type == QueueType.STREAM ? ClientTotals.UNBOUNDED : credits;
        }

        @Override
        public long ackInFlightBound() {
            return consumer == Protocol.STREAM ? 0 : deliveryInFlightBound();
        }
    };

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        String lost = counts.lost(counts.acked());
        ClientTotals.left(totals);
        if (receiver != null) {
            receiver.close();
        }
        if (destination != null) {
            destination.close();
        }
        if (lost != null) {
            throw new IllegalStateException(lost);
        }
    }

    /** One publisher: its connection, window and counts. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class SenderThread {

        /** Counts of the iteration (EVENTS: summed over threads and iterations by JMH). */
        public long sent;

        public long acknowledged;
        public long consumed;

        private SenderLoop loop;
        private long sentAtStart;
        private long acksAtStart;
        private long consumedAtStart;
        private ProtocolBenchmark trial;

        @Setup(Level.Trial)
        public void open(ProtocolBenchmark b, ThreadParams thread) {
            trial = b;
            loop = new SenderLoop(
                    b.client.sender(b.destination),
                    b.outstanding(),
                    b.messageSize,
                    thread.getThreadIndex(),
                    TrialMetrics.latency("confirm"),
                    b.counts);
        }

        @Setup(Level.Iteration)
        public void mark() {
            sentAtStart = loop.sent();
            acksAtStart = loop.acknowledged();
            consumedAtStart = trial.counts.consumed();
            sent = acknowledged = consumed = 0;
        }

        @TearDown(Level.Iteration)
        public void count() {
            sent = loop.sent() - sentAtStart;
            acknowledged = loop.acknowledged() - acksAtStart;
            consumed = trial.counts.consumed() - consumedAtStart;
            // Counts so far in the trial (a maximum of a running total is the total).
            TrialMetrics.order(trial.counts.checks());
            trial.counts.throwIfFailed();
        }

        @TearDown(Level.Trial)
        public void close() throws InterruptedException {
            loop.close();
        }
    }

    @Benchmark
    public void send(SenderThread t) throws Exception {
        t.loop.send();
    }
}
