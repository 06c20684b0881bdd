package org.rabbitmqjmh.benchmarks.publish;

import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Control;
import org.openjdk.jmh.infra.ThreadParams;
import org.rabbitmqjmh.benchmarks.BrokerState;
import org.rabbitmqjmh.engine.ClientNodes;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.Enums;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.consume.DrainedQueue;
import org.rabbitmqjmh.engine.consume.SequenceCheck;
import org.rabbitmqjmh.engine.publish.ConfirmMode;
import org.rabbitmqjmh.engine.publish.PublishCounts;
import org.rabbitmqjmh.engine.publish.PublishSettings;
import org.rabbitmqjmh.engine.publish.Publisher;
import org.rabbitmqjmh.engine.timing.TimingRecorder;
import org.rabbitmqjmh.profilers.TrialCsv;
import org.rabbitmqjmh.profilers.TrialMetrics;
import org.rabbitmqjmh.run.CheckedParams;

/**
 * Publish throughput under a confirm strategy, batch size, message size, delivery mode, queue type and
 * socket IO; JMH threads ({@code -t}) are publishers, each with its own connection.
 *
 * <p>The score counts <b>confirmed</b> messages per second where confirms are on. A call publishes one
 * message, and the strategy gates it: unary waits for its confirm, batch waits after every N, a
 * transaction commits every N, the async window waits for a free slot. Counting calls alone would still
 * credit the messages published but unconfirmed when an iteration ends (up to N). So each iteration
 * starts with the pipeline already full (N-1 published for batch and transaction, N for the window,
 * uncounted): the messages credited but not confirmed at the end are balanced by ones confirmed but
 * not credited at the start, and the score is the confirmed rate, its boundary error bounded by N and
 * zero on average. Without confirms it counts the messages the broker took: the call that sees the
 * iteration end makes one synchronous round trip on the publishing channel, inside the timed region,
 * which returns once the broker has received every message published before it (a channel's frames are
 * handled in order); otherwise the score would also count messages still in socket buffers.
 *
 * <p>The queue stays bounded (a draining consumer plus a length limit), so the trial never measures the
 * broker's memory alarm; its largest depth is reported. The broker's own counters witness every
 * measurement iteration ({@code BrokerCrossCheck}): a message the queue dropped at its limit fails the
 * trial, as does a count of ours the broker does not confirm. Secondary metrics: aux counters published,
 * confirmed, nacked, returned (EVENTS: JMH sums them over threads and iterations, which is right for
 * counts); confirm latency and end-to-end latency p50/p99/p99.9 in microseconds and the queue depth
 * maximum, from {@code LatencyProfiler} (percentiles of the histograms of all measurement iterations
 * and forks, merged; the largest maximum; never an aux counter, as a sum of percentiles means nothing). A nack or a return fails the trial:
 * the queue drops its head when full, so neither may happen.
 *
 * <p>Gaps and order: each thread publishes its own sequence and the drain feeds every delivery to one
 * {@code SequenceCheck}; {@code order.duplicates}, {@code order.out-of-order} and {@code order.redelivered}
 * are secondary results, and a gap still open once the drain has every confirmed message fails the trial
 * in one line naming the publisher and the missing ids.
 *
 * <p>{@code java -jar target/benchmarks.jar PublishBenchmark -p confirm=async-window -p batch=100 -t 2}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PublishBenchmark implements CheckedParams {

    @Param({"16", "1024", "16384", "1048576"})
    public int messageSize;

    /** none, unary, batch, async-window ("streaming"), transaction. */
    @Param({"none", "unary", "batch", "async-window", "transaction"})
    public String confirm;

    /** N of batch, window and transaction; 0 = off (per message; an unbounded window). */
    @Param({"0", "1", "10", "100", "1000"})
    public int batch;

    /** transient, or persistent to a durable queue. */
    @Param({"transient", "persistent"})
    public String delivery;

    @Param({"classic", "quorum", "stream"})
    public String queueType;

    @Param({"classic", "netty"})
    public String socketIo;

    /**
     * On a cluster ({@code -Drabbitmq.cluster=3}): every client on node 1 ({@code first}, the queue's
     * leader), or publishers round the nodes and the draining consumer on the last ({@code spread}).
     * See {@link ClientNodes}. Only {@code first} by default: on one node the two are the same trial, so
     * a cluster run asks for {@code -p clientNodes=first,spread}.
     */
    @Param({"first"})
    public String clientNodes = "first";

    /** Per-message timing rows on or off: the cost of recording, measured. */
    @Param({"on", "off"})
    public String recording;

    private PublishSettings settings;
    private SocketIo io;
    private ClientNodes nodes;
    private DrainedQueue queue;
    private final List<TimingRecorder> recorders = new CopyOnWriteArrayList<>();

    /** The rules of every param, for this trial's setup and for the launcher before the first fork. */
    @Override
    public void checkParams() {
        io = SocketIo.parse(socketIo);
        QueueType.parse(queueType);
        boolean persistent = Enums.parse(Delivery.class, delivery, "delivery") == Delivery.PERSISTENT;
        settings = PublishSettings.of(messageSize, ConfirmMode.parse(confirm), batch, persistent);
        TimingRecorder.recordingOn(recording);
        nodes = ClientNodes.parse(clientNodes);
    }

    @Setup(Level.Trial)
    public void setUp(BrokerState broker) {
        checkParams();
        boolean persistent = settings.persistent();
        queue = DrainedQueue.open(
                broker.uri(),
                nodes.consumer(broker.nodes()),
                "publish",
                QueueType.parse(queueType),
                persistent,
                true,
                io,
                TrialMetrics.latency("e2e"),
                depth -> TrialMetrics.max("queue.depth.max", depth));
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) throws IOException {
        try {
            requireEveryConfirmedMessageDelivered();
        } finally {
            queue.close();
        }
        if (recording.equals("on") && TrialCsv.enabled()) {
            TrialCsv.write(
                    params, recorders.stream().map(TimingRecorder::snapshot).toList(), "sent_us", "confirmed_us");
        }
    }

    /** Each publisher's confirmed count so far, by thread: what the draining consumer must have received. */
    private final Map<Integer, Long> confirmedByThread = new ConcurrentHashMap<>();

    /**
     * A message confirmed and never delivered fails the trial, whether or not the broker's counters witness
     * it (a broker without the Prometheus plugin): the queue dropped it (a length limit, a policy), or
     * something else took it. So does a gap in a publisher's sequence once the count is complete.
     */
    private void requireEveryConfirmedMessageDelivered() {
        long confirmed =
                confirmedByThread.values().stream().mapToLong(Long::longValue).sum();
        long missing = queue.undelivered(confirmed, Duration.ofSeconds(3), Duration.ofSeconds(60));
        if (missing > 0) {
            throw new IllegalStateException(
                    missing + " of " + confirmed + " messages the broker confirmed never reached "
                            + "the trial's consumer: the queue dropped them (a length limit or policy?) or another consumer took them");
        }
        // The drain has had every confirmed message, each publisher's in order: a gap left is a message lost.
        queue.sequence().requireNoGap();
    }

    enum Delivery {
        TRANSIENT,
        PERSISTENT
    }

    /** One publisher: its connection, channel and counters. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class PublisherThread {

        /** Counts of the iteration (EVENTS: summed over threads and iterations by JMH). */
        public long published;

        public long confirmed;
        public long nacked;
        public long returned;

        private Connection connection;
        private Publisher publisher;
        private PublishBenchmark owner;
        private int index;
        private boolean confirmless;
        private PublishCounts atStart;

        @Setup(Level.Trial)
        public void open(PublishBenchmark b, BrokerState broker, ThreadParams thread) {
            connection = broker.connect(
                    b.nodes.publisher(broker.nodes(), thread.getThreadIndex()),
                    b.io,
                    "publisher-" + thread.getThreadIndex());
            TimingRecorder recorder = b.recording.equals("on")
                    ? TimingRecorder.withCapacity(TimingRecorder.DEFAULT_CAPACITY)
                    : TimingRecorder.off();
            b.recorders.add(recorder);
            // Each thread a publisher of its own sequence, in the sequence check's id form.
            publisher = new Publisher(
                    connection,
                    b.queue.name(),
                    b.settings,
                    SequenceCheck.firstId(thread.getThreadIndex()),
                    recorder,
                    TrialMetrics.latency("confirm"),
                    b.io);
            confirmless = b.settings.confirmMode() == ConfirmMode.NONE;
            owner = b;
            index = thread.getThreadIndex();
        }

        @Setup(Level.Iteration)
        public void fillPipeline(PublishBenchmark b) throws Exception {
            publisher.flush();
            ConfirmMode mode = b.settings.confirmMode();
            int prefill = mode == ConfirmMode.ASYNC_WINDOW
                    ? b.settings.effectiveBatch()
                    : mode == ConfirmMode.BATCH || mode == ConfirmMode.TRANSACTION
                            ? b.settings.effectiveBatch() - 1
                            : 0;
            // An unbounded window cannot be pre-filled; its boundary error is what it is (see the class comment).
            if (prefill < PublishSettings.UNBOUNDED_WINDOW) {
                for (int i = 0; i < prefill; i++) {
                    publisher.publish();
                }
            }
            atStart = publisher.counts();
            published = confirmed = nacked = returned = 0;
        }

        @TearDown(Level.Iteration)
        public void settle() throws Exception {
            publisher.flush();
            PublishCounts now = publisher.counts();
            published = now.published() - atStart.published();
            confirmed = now.confirmed() - atStart.confirmed();
            nacked = now.nacked() - atStart.nacked();
            returned = now.returned() - atStart.returned();
            owner.confirmedByThread.put(index, now.confirmed());
            TrialMetrics.order(owner.queue.sequence());
            if (now.nacked() > 0 || now.returned() > 0) {
                throw new IllegalStateException("the broker nacked " + now.nacked() + " and returned " + now.returned()
                        + " messages; this benchmark's queue must accept every message");
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            publisher.close();
            Connections.closeQuietly(connection);
        }
    }

    @Benchmark
    public long publish(PublisherThread t, Control control) throws Exception {
        long id = t.publisher.publish();
        if (t.confirmless && control.stopMeasurement) {
            t.publisher.flush(); // timed: the iteration ends when the broker has taken every message counted
        }
        return id;
    }
}
