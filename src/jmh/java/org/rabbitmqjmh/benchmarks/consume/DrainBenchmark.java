package org.rabbitmqjmh.benchmarks.consume;

import java.io.IOException;
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
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.publish.Publisher;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.run.CheckedParams;

/**
 * The time to consume N messages that are already in the queue, as in the source document's
 * "blocking vs asynchronous consumer" tables (2,000, 8,000 and 80,000 messages across QoS prefetch).
 * The queue is filled in an invocation-level setup, never in the measurement; the consumer subscribes
 * inside the measured call and cancels in the invocation teardown, so the clock starts before the
 * broker delivers the first message (subscribed at trial setup, the broker would push a whole prefetch
 * window, up to 1,300 of 2,000 messages, before the clock starts). Each call returns only when all N
 * were delivered and acknowledged (bounded: 30 s without a message fails the trial), so an
 * asynchronous consumer cannot look fast by returning early.
 *
 * <p>{@code prefetch} is the QoS of manual-ack push consumers; with {@code ack=auto} or the polling
 * style the broker applies none, so there only {@code prefetch=0} (unlimited) is allowed.
 *
 * <p>The worker-pool style acks each message (a multiple ack would cover messages still in work), so
 * {@code style=worker-pool} with {@code ack=multiple} is refused. Aux counter {@code consumed} (EVENTS,
 * summed) must equal N per call.
 *
 * <p>{@code java -jar target/benchmarks.jar DrainBenchmark -p messages=2000 -p prefetch=100,500 -p style=callback}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DrainBenchmark implements CheckedParams {

    @Param({"2000", "8000", "80000"})
    public int messages;

    /** QoS; 0 = unlimited, the only value for ack auto and the polling style. */
    @Param({"0", "1", "10", "100", "300", "500", "700", "900", "1100", "1300"})
    public int prefetch;

    /** polling, blocking-handoff, callback, worker-pool. */
    @Param({"polling", "blocking-handoff", "callback", "worker-pool"})
    public String style;

    /** auto, each, multiple (every prefetch/2). */
    @Param({"auto", "each", "multiple"})
    public String ack;

    @Param({"classic", "netty"})
    public String socketIo;

    /** Threads of the worker-pool style. */
    @Param({"4"})
    public int workers;

    /** Package-private for the test that proves no delivery precedes the measured call. */
    ConsumerUnderTest consumer;

    private long firstId;

    @Override
    public void checkParams() {
        if (messages < 1) {
            throw new IllegalArgumentException("messages " + messages + " is not a count to drain; allowed: 1 or more");
        }
        ConsumerUnderTest.settings(style, ack, prefetch, workers);
        SocketIo.parse(socketIo);
    }

    @Setup(Level.Trial)
    public void setUp(BrokerState broker) {
        checkParams();
        consumer = new ConsumerUnderTest(
                broker,
                "drain",
                ConsumerUnderTest.settings(style, ack, prefetch, workers),
                SocketIo.parse(socketIo),
                new Latency(),
                false);
    }

    @Setup(Level.Invocation)
    public void fill() throws Exception {
        Publisher.fill(consumer.admin, consumer.queue, messages, 16, firstId);
        firstId += messages;
    }

    /** After the timed call: no subscription is open while the next fill runs. */
    @TearDown(Level.Invocation)
    public void unsubscribe() throws IOException {
        consumer.consumer.cancel();
        consumer.checkOrder();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        consumer.close();
    }

    /** Messages consumed per call (EVENTS: summed by JMH, as a count should be). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counts {
        public long consumed;

        @Setup(Level.Iteration)
        public void reset() {
            consumed = 0;
        }
    }

    @Benchmark
    public long drain(Counts counts) throws Exception {
        counts.consumed += consumer.consumer.drain(messages);
        return counts.consumed;
    }
}
