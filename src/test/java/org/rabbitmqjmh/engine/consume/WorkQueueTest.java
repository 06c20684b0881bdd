package org.rabbitmqjmh.engine.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;
import org.rabbitmqjmh.engine.publish.Publisher;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/** Competing workers on one queue (the work queue of 002_…): round robin, and nothing lost when one dies. */
class WorkQueueTest {

    private Connection admin;
    private String queue;
    private final List<Connection> workers = new ArrayList<>();
    private final List<QueueConsumer> consumers = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void declare() {
        admin = Connections.open(TestBroker.uri(), SocketIo.CLASSIC, "workqueue-test");
        queue = Topology.uniqueName("workqueue-test");
        Topology.declareScratch(admin, QueueSpec.classic(queue, false));
    }

    @AfterEach
    void cleanUp() {
        threads.shutdownNow();
        consumers.forEach(QueueConsumer::close);
        workers.forEach(Connections::closeQuietly);
        Topology.delete(admin, queue);
        Connections.closeQuietly(admin);
    }

    private QueueConsumer worker(int prefetch, Work work, IdLedger ledger, TimingRecorder recorder) {
        Connection c = Connections.open(TestBroker.uri(), SocketIo.CLASSIC, "worker-" + workers.size());
        workers.add(c);
        QueueConsumer q = new QueueConsumer(
                        c,
                        queue,
                        QueueType.CLASSIC,
                        ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.EACH, prefetch)
                                .withWork(work),
                        recorder,
                        new Latency(),
                        ledger)
                .started();
        consumers.add(q);
        return q;
    }

    @Test
    void threeWorkersAndSixTasksGetTwoEachInRoundRobinOrder() throws Exception {
        List<TimingRecorder> recorders = new ArrayList<>();
        Quota quota = new Quota(6);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            TimingRecorder r = TimingRecorder.withCapacity(16);
            recorders.add(r);
            QueueConsumer c = worker(1, Work.sleep(Duration.ofMillis(100)), null, r);
            running.add(threads.submit(() -> {
                c.consume(quota);
                return null;
            }));
        }
        Publisher.fill(admin, queue, 6, 16, 1);
        for (Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
        Set<Long> firstRound = new HashSet<>();
        for (TimingRecorder r : recorders) {
            long[] ids = r.snapshot().ids();
            assertThat(ids).as("tasks of one worker").hasSize(2);
            firstRound.add(Arrays.stream(ids).min().orElseThrow());
        }
        // Round robin: tasks 1, 2 and 3 went to three different workers.
        assertThat(firstRound).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void aWorkerThatDiesMidTaskLosesNothingItsTasksAreRedelivered() throws Exception {
        int tasks = 60;
        IdLedger ledger = new IdLedger(0, tasks);
        SequenceCheck sequence = new SequenceCheck();
        Work slow = Work.sleep(Duration.ofMillis(30));
        QueueConsumer victim = worker(5, slow, ledger, TimingRecorder.off());
        Connection victimConnection = workers.get(0);
        QueueConsumer a = worker(5, slow, ledger, TimingRecorder.off());
        QueueConsumer b = worker(5, slow, ledger, TimingRecorder.off());
        for (QueueConsumer c : List.of(victim, a, b)) {
            c.checkedBy(sequence);
            threads.submit(() -> {
                c.consume(Long.MAX_VALUE); // ends when the consumer is closed or dies
                return null;
            });
        }
        Publisher.fill(admin, queue, tasks, 16, SequenceCheck.firstId(0));
        await().atMost(Duration.ofSeconds(20)).until(() -> victim.counts().acked() >= 3);
        victimConnection.abort(); // dies mid-task: its unacked deliveries go back to the queue
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.missing() == 0);
        // Seen is not done: the last tasks may still be in work; every task must end up acked by someone.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> victim.counts().acked()
                                + a.counts().acked()
                                + b.counts().acked()
                        >= tasks);

        ConsumeCounts survivors = a.counts().plus(b.counts());
        assertThat(survivors.redelivered())
                .as("the victim's unacked tasks came back flagged")
                .isPositive();
        assertThat(survivors.duplicates())
                .as("a task seen twice is a redelivery")
                .isLessThanOrEqualTo(survivors.redelivered());
        // The shared sequence check: the victim's tasks came back late (out of order), the one it was
        // working on came back flagged (a redelivered repeat), and neither is a gap or a duplicate.
        assertThat(sequence.missing()).isZero();
        assertThat(sequence.duplicates()).isZero();
        assertThat(sequence.redelivered()).isLessThanOrEqualTo(survivors.redelivered());
    }
}
