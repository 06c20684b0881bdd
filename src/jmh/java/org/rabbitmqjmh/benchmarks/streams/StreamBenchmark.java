package org.rabbitmqjmh.benchmarks.streams;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
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
import org.rabbitmqjmh.engine.MessageCodec;
import org.rabbitmqjmh.engine.consume.SequenceCheck;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.profilers.TrialMetrics;
import org.rabbitmqjmh.protocols.CountedMember;
import org.rabbitmqjmh.protocols.Endpoint;
import org.rabbitmqjmh.protocols.SenderLoop;
import org.rabbitmqjmh.protocols.StreamClients;
import org.rabbitmqjmh.protocols.StreamFeatures;
import org.rabbitmqjmh.protocols.TrialCounts;
import org.rabbitmqjmh.run.CheckedParams;

/**
 * The stream protocol's own features, as Stream PerfTest exercises them, measured like every protocol
 * trial of {@code ProtocolBenchmark}: a JMH thread is a producer (stream-client) with a settlement window
 * of {@code window}, the score the messages the broker confirmed per second, consumers reading from the
 * first offset with their end-to-end latency, the broker's counters witnessing each iteration.
 *
 * <ul>
 *   <li>{@code partitions}: 0, one stream; N, a super stream of N partitions, the producer routing each
 *       message by a hash of its id, each consumer a super-stream consumer (RabbitMQ 3.11+).
 *   <li>{@code consumers} and {@code singleActive}: N consumers, each reading every message ({@code off}),
 *       or one single-active-consumer group in which one consumer per stream reads ({@code on}, 3.11+).
 *       Secondary {@code stream.active-consumers}: how many consumers received anything.
 *   <li>{@code filter}: the percent of messages that carry the filter value the consumers ask for (the
 *       rest another), in runs of {@code filterRun} consecutive messages; the broker skips chunks whose
 *       Bloom filter lacks the value and the client checks each message (3.13+). Secondary
 *       {@code filter.received}: the share of the messages the broker sent a consumer (1.0: filtering
 *       saved nothing), {@code filter.wanted}: the share that carried the value. Every wanted message
 *       must reach every consumer once: a trial where one did not fails.
 *   <li>{@code subEntry} and {@code compression}: the producer's sub-entry batches of that many
 *       messages, compressed by the client (none, gzip, snappy, lz4, zstd). Bodies are zeros past the
 *       16-byte header, so compression is at its best here.
 * </ul>
 *
 * <p>Without a filter every consumer (or the group) must see each publisher's sequence without a gap
 * ({@link SequenceCheck}; a super stream keeps order only within a partition, so out-of-order deliveries
 * are counted there, not failed). The broker counts a sub-entry batch as one message, so with
 * {@code subEntry} above 1 its received and confirmed counts are reported, not checked; deliveries are
 * not bounded (a stream sends whole chunks).
 *
 * <p>{@code java -jar target/benchmarks.jar StreamBenchmark -p partitions=0,3 -p consumers=3 -p singleActive=on,off}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 4, time = 1)
public class StreamBenchmark implements CheckedParams {

    @Param({"0"})
    public int partitions;

    @Param({"1"})
    public int consumers;

    @Param({"off"})
    public String singleActive;

    @Param({"off"})
    public String filter;

    @Param({"1"})
    public int filterRun;

    @Param({"1"})
    public int subEntry;

    @Param({"none"})
    public String compression;

    @Param({"1024"})
    public int messageSize;

    /** Unconfirmed messages each producer may have outstanding. */
    @Param({"1000"})
    public int window;

    private StreamFeatures features;
    private StreamClients streams;
    private final TrialCounts counts = new TrialCounts();
    private final Queue<SenderLoop> senders = new ConcurrentLinkedQueue<>();
    private final LongAdder delivered = new LongAdder();
    private AtomicLongArray deliveredTo;

    @Override
    public void checkParams() {
        features = StreamFeatures.parse(partitions, consumers, singleActive, filter, filterRun, subEntry, compression);
        MessageCodec.checkSize(messageSize);
        if (window < 1) {
            throw new IllegalArgumentException("window " + window + " is too small; allowed: 1 or more");
        }
    }

    @Override
    public List<Listener> listeners() {
        return List.of(Listener.STREAM);
    }

    @Setup(Level.Trial)
    public void setUp(BrokerState broker) {
        checkParams();
        features.requireBroker(broker.broker().version());
        broker.broker().enable(listeners());
        streams = StreamClients.open(Endpoint.of(broker.broker()), features);
        deliveredTo = new AtomicLongArray(consumers);
        Latency e2e = TrialMetrics.latency("e2e");
        // A group shares one sequence check (together its members see each message once); otherwise each
        // consumer has its own.
        SequenceCheck group = new SequenceCheck();
        @SuppressWarnings("unchecked")
        Consumer<byte[]>[] receivers = new Consumer[consumers];
        for (int i = 0; i < consumers; i++) {
            receivers[i] = counts.receiver(e2e, features.singleActive() ? group : new SequenceCheck());
        }
        streams.consumers(
                index -> {
                    delivered.increment();
                    deliveredTo.incrementAndGet(index);
                },
                (index, body) -> receivers[index].accept(body));
        ClientTotals.joined(totals);
    }

    /**
     * As the broker cross-check counts this trial: confirms, deliveries (before the client's filter
     * check), no acknowledgements. A sub-entry batch is one message to the broker, so the publish counts
     * are not bounded then.
     */
    private final ClientTotals.Member totals = new CountedMember(counts) {
        @Override
        public long received() {
            return delivered.sum();
        }

        @Override
        public long acked() {
            return 0;
        }

        @Override
        public long publishInFlightBound() {
            return features.subEntry() > 1 ? ClientTotals.UNBOUNDED : counts.windows();
        }

        @Override
        public long deliveryInFlightBound() {
            return ClientTotals.UNBOUNDED;
        }

        @Override
        public long ackInFlightBound() {
            return 0;
        }
    };

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        String missing =
                features.filter().any() ? unfiltered() : counts.lost(counts.acked() * features.deliveriesPerMessage());
        ClientTotals.left(totals);
        if (streams != null) {
            streams.close();
        }
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
    }

    /** With a filter: every message carrying the wanted value reached each consumer (or the group) once. */
    private String unfiltered() throws InterruptedException {
        long wanted =
                senders.stream().mapToLong(s -> features.wantedIn(s.sent())).sum();
        long expected = wanted * features.deliveriesPerMessage();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counts.consumed() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long got = counts.consumed();
        return got == expected
                ? null
                : "filter: the consumers accepted " + got + " messages where " + expected + " carried the value they "
                        + "asked for (" + wanted + " sent, " + features.deliveriesPerMessage() + " deliveries each)";
    }

    long activeConsumers() {
        long n = 0;
        for (int i = 0; i < deliveredTo.length(); i++) {
            n += deliveredTo.get(i) > 0 ? 1 : 0;
        }
        return n;
    }

    /** One producer: its window and counts. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class ProducerThread {

        /** Counts of the iteration (EVENTS: summed over threads and iterations by JMH). */
        public long sent;

        public long acknowledged;
        public long consumed;

        private SenderLoop loop;
        private long sentAtStart;
        private long acksAtStart;
        private long consumedAtStart;
        private long deliveredAtStart;
        private StreamBenchmark trial;

        @Setup(Level.Trial)
        public void open(StreamBenchmark b, ThreadParams thread) {
            trial = b;
            loop = new SenderLoop(
                    b.streams.sender(),
                    b.window,
                    b.messageSize,
                    thread.getThreadIndex(),
                    TrialMetrics.latency("confirm"),
                    b.counts);
            b.senders.add(loop);
        }

        @Setup(Level.Iteration)
        public void mark() {
            sentAtStart = loop.sent();
            acksAtStart = loop.acknowledged();
            consumedAtStart = trial.counts.consumed();
            deliveredAtStart = trial.delivered.sum();
            sent = acknowledged = consumed = 0;
        }

        @TearDown(Level.Iteration)
        public void count() {
            sent = loop.sent() - sentAtStart;
            acknowledged = loop.acknowledged() - acksAtStart;
            consumed = trial.counts.consumed() - consumedAtStart;
            TrialMetrics.order(trial.counts.checks());
            TrialMetrics.max("stream.active-consumers", trial.activeConsumers());
            if (trial.features.filter().any() && acknowledged > 0) {
                double reaching = (double) acknowledged * trial.features.deliveriesPerMessage();
                TrialMetrics.observe("filter.received", (trial.delivered.sum() - deliveredAtStart) / reaching);
                TrialMetrics.observe("filter.wanted", consumed / reaching);
            }
            trial.counts.throwIfFailed();
        }

        @TearDown(Level.Trial)
        public void close() throws InterruptedException {
            loop.close();
        }
    }

    @Benchmark
    public void send(ProducerThread t) throws Exception {
        t.loop.send();
    }
}
