package org.rabbitmqjmh.benchmarks.consume;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rabbitmqjmh.benchmarks.BrokerState;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.consume.ConsumeCounts;
import org.rabbitmqjmh.engine.publish.ConfirmMode;
import org.rabbitmqjmh.engine.publish.PublishSettings;
import org.rabbitmqjmh.engine.publish.Publisher;
import org.rabbitmqjmh.engine.timing.TimingRecorder;
import org.rabbitmqjmh.profilers.TrialMetrics;
import org.rabbitmqjmh.run.CheckedParams;

/**
 * Steady-state consume throughput: a producer thread keeps the queue between {@value #LOW} and
 * {@value #HIGH} messages deep (it knows the depth as published minus consumed, no polling), so the
 * measured consumer never starves and the queue never grows. Score: messages consumed and acknowledged
 * per second ({@value #BATCH} per call, {@code @OperationsPerInvocation}). Secondary: consumed and
 * redelivered (aux counters, EVENTS, summed), the order counters (see the package), end-to-end latency
 * p50/p99/p99.9 in µs (LatencyProfiler: the percentile of the histograms of all measurement iterations
 * and forks, merged). With the queue kept full, end-to-end latency is mostly the time a message waits in it.
 *
 * <p>{@code java -jar target/benchmarks.jar ConsumeThroughputBenchmark -p prefetch=1,100 -p style=callback}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ConsumeThroughputBenchmark implements CheckedParams {

    static final int BATCH = 100;
    static final long LOW = 5_000;
    static final long HIGH = 10_000;

    /** QoS; 0 = unlimited, the only value for ack auto and the polling style (QoS changes nothing there). */
    @Param({"0", "1", "10", "100", "1000"})
    public int prefetch;

    @Param({"polling", "blocking-handoff", "callback", "worker-pool"})
    public String style;

    @Param({"auto", "each", "multiple"})
    public String ack;

    @Param({"classic", "netty"})
    public String socketIo;

    @Param({"4"})
    public int workers;

    private ConsumerUnderTest consumer;
    private Publisher publisher;
    private Thread producer;
    private volatile boolean producing;
    private volatile String producerFailure;

    @Override
    public void checkParams() {
        ConsumerUnderTest.settings(style, ack, prefetch, workers);
        SocketIo.parse(socketIo);
    }

    @Setup(Level.Trial)
    public void setUp(BrokerState broker) {
        checkParams();
        consumer = new ConsumerUnderTest(
                broker,
                "consume",
                ConsumerUnderTest.settings(style, ack, prefetch, workers),
                SocketIo.parse(socketIo),
                TrialMetrics.latency("e2e"),
                true);
        publisher = new Publisher(
                consumer.admin,
                consumer.queue,
                PublishSettings.of(16, ConfirmMode.ASYNC_WINDOW, 500, false),
                0,
                TimingRecorder.off(),
                TrialMetrics.latency("producer.confirm"),
                SocketIo.CLASSIC);
        producing = true;
        producer = new Thread(this::produce, "steady-producer");
        producer.setDaemon(true);
        producer.start();
    }

    private void produce() {
        try {
            while (producing) {
                long depth = publisher.counts().published()
                        - consumer.consumer.counts().consumed();
                if (depth >= HIGH) {
                    while (producing
                            && publisher.counts().published()
                                            - consumer.consumer.counts().consumed()
                                    > LOW) {
                        LockSupport.parkNanos(200_000);
                    }
                } else {
                    publisher.publish();
                }
            }
        } catch (Exception e) {
            producerFailure = e.toString();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        producing = false;
        producer.join(10_000);
        publisher.close();
        consumer.close();
    }

    /** Consumed and redelivered in the iteration (EVENTS: JMH sums them, as counts should be). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counts {
        public long consumed;
        public long redelivered;
        private ConsumeCounts atStart;

        @Setup(Level.Iteration)
        public void start(ConsumeThroughputBenchmark b) {
            atStart = b.consumer.consumer.counts();
            consumed = redelivered = 0;
        }

        @TearDown(Level.Iteration)
        public void end(ConsumeThroughputBenchmark b) {
            ConsumeCounts now = b.consumer.consumer.counts();
            consumed = now.consumed() - atStart.consumed();
            redelivered = now.redelivered() - atStart.redelivered();
            b.consumer.checkOrder();
            if (b.producerFailure != null) {
                throw new IllegalStateException("the producer keeping the queue full failed: " + b.producerFailure);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void consume(Counts counts) throws Exception {
        consumer.consumer.consume(BATCH);
    }
}
