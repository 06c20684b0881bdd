package org.rabbitmqjmh.benchmarks.workqueue;

import com.rabbitmq.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
import org.rabbitmqjmh.benchmarks.Order;
import org.rabbitmqjmh.engine.Connections;
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
import org.rabbitmqjmh.engine.consume.Work;
import org.rabbitmqjmh.engine.publish.Publisher;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;
import org.rabbitmqjmh.profilers.TrialMetrics;
import org.rabbitmqjmh.run.CheckedParams;

/**
 * The work queue of {@code 002_…}: one producer's {@value #TASKS} tasks shared by W competing workers,
 * each its own connection and consumer acking after the task, at a QoS prefetch. Tasks are uniform or
 * skewed (every 10th takes 10× as long). Score: tasks completed per second (the queue is filled before
 * each timed call). Secondary metrics, means over calls (LatencyProfiler: the mean of the iterations'
 * means, over iterations and forks):
 * {@code share.min/max}, the fewest tasks a worker did over the most (1.0 = perfect round robin);
 * {@code makespan.ms} and {@code ideal.ms} (all work ÷ W), whose ratio says how much the dispatch
 * wasted. With a large prefetch the broker hands out tasks round robin up front, so a worker that drew
 * long tasks finishes last while the others idle; with prefetch 1 a task goes to whoever is free.
 *
 * <p>The workers feed one {@code SequenceCheck}: {@code order.duplicates}, {@code order.out-of-order}
 * (W workers interleave, so out of order is expected above one worker) and {@code order.redelivered}
 * are secondary results; a gap left after a call, once every task of the fill was handled, fails the trial.
 *
 * <p>{@code java -jar target/benchmarks.jar WorkQueueBenchmark -p workers=2 -p tasks=skewed -p prefetch=1,100}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WorkQueueBenchmark implements CheckedParams {

    static final int TASKS = 120;

    @Param({"1", "2", "3", "8"})
    public int workers;

    @Param({"1", "10", "100"})
    public int prefetch;

    /** uniform, or skewed: every 10th task 10× as long. */
    @Param({"uniform", "skewed"})
    public String tasks;

    @Param({"5"})
    public int taskMillis;

    private Connection admin;
    private String queue;
    private final List<Connection> connections = new ArrayList<>();
    private final List<QueueConsumer> consumers = new ArrayList<>();
    private ExecutorService callers;
    private long firstId;
    private long idealNanos;
    private final SequenceCheck sequence = new SequenceCheck();

    @Override
    public void checkParams() {
        if (workers < 1 || taskMillis < 0) {
            throw new IllegalArgumentException("workers " + workers + " and taskMillis " + taskMillis
                    + " do not make a work queue; allowed: workers 1 or more, taskMillis 0 or more");
        }
        if (!tasks.equals("uniform") && !tasks.equals("skewed")) {
            throw new IllegalArgumentException("unknown tasks '" + tasks + "'; allowed: uniform, skewed");
        }
        ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.EACH, prefetch);
    }

    @Setup(Level.Trial)
    public void setUp(BrokerState broker) {
        checkParams();
        Work work = Work.sleep(Duration.ofMillis(taskMillis));
        if (tasks.equals("skewed")) {
            work = work.skewed(10, 10);
        }
        admin = broker.connect(SocketIo.CLASSIC, "workqueue-producer");
        queue = Topology.uniqueName("workqueue");
        Topology.declareScratch(admin, QueueSpec.classic(queue, false));
        ConsumeSettings s = ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.EACH, prefetch)
                .withWork(work);
        for (int w = 0; w < workers; w++) {
            Connection c = broker.connect(SocketIo.CLASSIC, "workqueue-worker-" + w);
            connections.add(c);
            consumers.add(new QueueConsumer(c, queue, QueueType.CLASSIC, s, TimingRecorder.off(), new Latency(), null)
                    .checkedBy(sequence)
                    .started());
        }
        // Daemon threads: a trial that fails skips its teardown, and must not keep the fork alive.
        callers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "rabbitmq-jmh-workqueue-caller");
            t.setDaemon(true);
            return t;
        });
        long total = 0;
        for (long id = 0; id < TASKS; id++) {
            total += work.nanosFor(id); // ids repeat their pattern every 10, and every fill is 120 long
        }
        idealNanos = total / workers;
    }

    @Setup(Level.Invocation)
    public void fill() throws Exception {
        Publisher.fill(admin, queue, TASKS, 16, firstId);
        firstId += TASKS;
    }

    /** Every task of the fill was handled, so a gap now is a task lost. */
    @TearDown(Level.Invocation)
    public void checkOrder() {
        Order.complete(sequence);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        callers.shutdownNow();
        consumers.forEach(QueueConsumer::close);
        connections.forEach(Connections::closeQuietly);
        Topology.delete(admin, queue);
        Connections.closeQuietly(admin);
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void completeAllTasks() throws Exception {
        long[] before = consumers.stream().mapToLong(c -> c.counts().consumed()).toArray();
        long t0 = System.nanoTime();
        Quota quota = new Quota(TASKS);
        CompletionService<Object> done = new ExecutorCompletionService<>(callers);
        List<Future<?>> running = new ArrayList<>();
        for (QueueConsumer c : consumers) {
            running.add(done.submit(() -> {
                c.consume(quota);
                return null;
            }));
        }
        // The first worker to fail (the broker gone, its connection closed) ends the invocation at once: the
        // others would only wait out their idle timeout for tasks that will not come.
        try {
            for (int i = 0; i < running.size(); i++) {
                done.take().get();
            }
        } finally {
            running.forEach(f -> f.cancel(true));
        }
        long makespan = System.nanoTime() - t0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int w = 0; w < consumers.size(); w++) {
            long did = consumers.get(w).counts().consumed() - before[w];
            min = Math.min(min, did);
            max = Math.max(max, did);
        }
        TrialMetrics.observe("share.min/max", max == 0 ? 0 : (double) min / max);
        TrialMetrics.observe("makespan.ms", makespan / 1e6);
        TrialMetrics.observe("ideal.ms", idealNanos / 1e6);
    }
}
