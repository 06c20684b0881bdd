package org.rabbitmqjmh.benchmarks.publish;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
import org.openjdk.jmh.infra.ThreadParams;
import org.rabbitmqjmh.engine.MessageCodec;
import org.rabbitmqjmh.engine.publish.InMemoryPublishPath;
import org.rabbitmqjmh.engine.publish.InMemoryQueue;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;
import org.rabbitmqjmh.profilers.TrialCsv;
import org.rabbitmqjmh.profilers.TrialMetrics;
import org.rabbitmqjmh.run.CheckedParams;

/**
 * The ceiling: the publish path of {@link PublishBenchmark} (body with id and send time, per-message
 * timing rows, confirm latency) against an in-process {@link InMemoryQueue} drained by a consumer
 * thread, instead of a broker. Enqueue returns when the message is in the queue, so every publish is
 * "unary" and confirmed at once. Its ratio to PublishBenchmark at the same size is what the broker hop
 * costs. Same metrics: confirm and end-to-end latency percentiles, CSV rows.
 *
 * <p>{@code java -jar target/benchmarks.jar InMemoryPublishBenchmark -p messageSize=16}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InMemoryPublishBenchmark implements CheckedParams {

    @Param({"16", "1024", "16384", "1048576"})
    public int messageSize;

    private InMemoryQueue queue;
    private Thread drain;
    private volatile boolean running;
    private final List<TimingRecorder> recorders = new CopyOnWriteArrayList<>();

    @Override
    public void checkParams() {
        MessageCodec.checkSize(messageSize);
    }

    @Setup(Level.Trial)
    public void setUp() {
        checkParams();
        queue = new InMemoryQueue(Math.max(16, (int) Math.min(200_000, (128L << 20) / messageSize)));
        Latency e2e = TrialMetrics.latency("e2e");
        running = true;
        drain = new Thread(
                () -> {
                    while (running) {
                        byte[] b = queue.dequeue();
                        if (b != null) {
                            e2e.record(System.nanoTime() - MessageCodec.sentNanos(b));
                        } else {
                            LockSupport.parkNanos(20_000); // empty: yield the core to the publisher
                        }
                    }
                },
                "in-memory-drain");
        drain.start();
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) throws IOException, InterruptedException {
        running = false;
        drain.join(5_000);
        if (TrialCsv.enabled()) {
            TrialCsv.write(
                    params, recorders.stream().map(TimingRecorder::snapshot).toList(), "sent_us", "confirmed_us");
        }
    }

    /** One in-process publisher. */
    @State(Scope.Thread)
    public static class InMemoryPublisher {
        private InMemoryPublishPath path;

        @Setup(Level.Trial)
        public void open(InMemoryPublishBenchmark b, ThreadParams thread) {
            TimingRecorder recorder = TimingRecorder.withCapacity(TimingRecorder.DEFAULT_CAPACITY);
            b.recorders.add(recorder);
            path = new InMemoryPublishPath(
                    b.queue,
                    b.messageSize,
                    recorder,
                    TrialMetrics.latency("confirm"),
                    (long) thread.getThreadIndex() << 40);
        }
    }

    @Benchmark
    public boolean publish(InMemoryPublisher p) {
        return p.path.publish();
    }
}
