package org.rabbitmqjmh.benchmarks.consume;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
import org.rabbitmqjmh.engine.consume.AckMode;
import org.rabbitmqjmh.engine.consume.ConsumeSettings;
import org.rabbitmqjmh.engine.consume.ConsumeStyle;
import org.rabbitmqjmh.engine.consume.Work;
import org.rabbitmqjmh.engine.publish.Publisher;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.profilers.TrialMetrics;
import org.rabbitmqjmh.run.CheckedParams;

/**
 * The source document's worker-pool test: M messages, each carrying a task, handed by the consumer's
 * callback to a pool of W workers; the score is the time to finish all M (SingleShotTime). The task
 * is a sleep (waiting on I/O, as the document's 100 ms database call) or a busy CPU loop; scaled down
 * from 2,000 × 100 ms so a trial stays short. Beside the score, {@code ideal.ms} = M × duration / W:
 * scaling efficiency is ideal / score. The queue is filled before the timed part and the consumer
 * subscribes inside it (as in {@code DrainBenchmark}); prefetch must exceed W or workers would idle
 * waiting for deliveries.
 *
 * <p>{@code java -jar target/benchmarks.jar WorkerPoolBenchmark -p workers=1,8,32 -p work=sleep}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WorkerPoolBenchmark implements CheckedParams {

    @Param({"1", "2", "3", "8", "16", "32"})
    public int workers;

    /** sleep (I/O wait) or cpu (busy loop). */
    @Param({"sleep", "cpu"})
    public String work;

    @Param({"10"})
    public int taskMillis;

    @Param({"400"})
    public int tasks;

    @Param({"100"})
    public int prefetch;

    private ConsumerUnderTest consumer;
    private long firstId;

    @Override
    public void checkParams() {
        if (tasks < 1 || taskMillis < 0) {
            throw new IllegalArgumentException("tasks " + tasks + " and taskMillis " + taskMillis
                    + " do not make work; allowed: tasks 1 or more, taskMillis 0 or more");
        }
        ConsumeSettings.of(ConsumeStyle.WORKER_POOL, AckMode.EACH, prefetch)
                .withWorkers(workers)
                .withWork(Work.parse(work, Duration.ofMillis(taskMillis)));
    }

    @Setup(Level.Trial)
    public void setUp(BrokerState broker) {
        checkParams();
        ConsumeSettings s = ConsumeSettings.of(ConsumeStyle.WORKER_POOL, AckMode.EACH, prefetch)
                .withWorkers(workers)
                .withWork(Work.parse(work, Duration.ofMillis(taskMillis)));
        consumer = new ConsumerUnderTest(broker, "workers", s, SocketIo.CLASSIC, new Latency(), false);
    }

    @Setup(Level.Invocation)
    public void fill() throws Exception {
        Publisher.fill(consumer.admin, consumer.queue, tasks, 16, firstId);
        firstId += tasks;
        // Here, not at trial setup: the profiler forgets what was recorded before measurement starts.
        TrialMetrics.max("ideal.ms", (long) tasks * taskMillis / workers);
    }

    @TearDown(Level.Invocation)
    public void unsubscribe() throws IOException {
        consumer.consumer.cancel();
        consumer.checkOrder();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        consumer.close();
    }

    @Benchmark
    public void finishAllTasks() throws Exception {
        consumer.consumer.subscribe();
        consumer.consumer.consume(tasks);
    }
}
