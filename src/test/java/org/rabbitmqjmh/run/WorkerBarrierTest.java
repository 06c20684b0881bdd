package org.rabbitmqjmh.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.SocketIo;

public class WorkerBarrierTest {

    /** One thread per worker: the common pool has a single thread on a 2-core machine. */
    private static final Executor OWN_THREAD = r -> new Thread(r).start();

    private final List<String> queues = new ArrayList<>();

    /** The suite's test broker (what CI has): the barrier talks to a real one. */
    static URI brokerUri() {
        return TestBroker.uri();
    }

    @AfterEach
    void deleteBarrierQueues() throws Exception {
        try (Connection c = Connections.open(brokerUri(), SocketIo.CLASSIC, "rabbitmq-jmh barrier test cleanup")) {
            for (String q : queues) {
                try (Channel ch = c.createChannel()) {
                    ch.queueDelete(q);
                }
            }
        }
    }

    @Test
    void threeWorkersWaitForTheLastAndThenAllPass() throws Exception {
        URI uri = brokerUri();
        String run = "test-" + System.nanoTime();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (i == 2) {
                // the last worker arrives late: the first two must still be waiting for it
                await().during(Duration.ofMillis(800))
                        .atMost(Duration.ofSeconds(2))
                        .until(() -> workers.stream().noneMatch(CompletableFuture::isDone));
            }
            WorkerBarrier b = barrier(3, i, run);
            workers.add(CompletableFuture.runAsync(() -> b.await(uri, Duration.ofSeconds(30)), OWN_THREAD));
        }

        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    }

    @Test
    void twoOfThreeTimeOutNamingTheMissingIndex() {
        URI uri = brokerUri();
        String run = "test-" + System.nanoTime();
        List<CompletableFuture<Void>> arrived = List.of(0, 2).stream()
                .map(i -> barrier(3, i, run))
                .map(b -> CompletableFuture.runAsync(() -> b.await(uri, Duration.ofSeconds(1)), OWN_THREAD))
                .toList();

        for (CompletableFuture<Void> w : arrived) {
            assertThatThrownBy(() -> w.get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageMatching("barrier: 2 of 3 workers of run " + run + " arrived after 1\\.\\d s;"
                            + " missing worker indexes \\[1\\]");
        }
    }

    @Test
    void aLoneWorkerHasNoBarrier() {
        WorkerBarrier alone = WorkerBarrier.from(props(), Map.of());
        assertThat(alone.enabled()).isFalse();
        alone.await(URI.create("amqp://nobody@127.0.0.1:1/"), Duration.ofMillis(1)); // returns without connecting
        assertThat(WorkerBarrier.from(props(), Map.of("RABBITMQJMH_WORKERS", "1"))
                        .enabled())
                .isFalse();
    }

    @Test
    void anIndexedJobsCompletionIndexIsTheWorkerIndexAndAPropertyWinsOverTheEnvironment() {
        Map<String, String> env =
                Map.of("RABBITMQJMH_WORKERS", "3", "JOB_COMPLETION_INDEX", "2", "RABBITMQJMH_RUN_ID", "bench-7f3a");
        WorkerBarrier pod = WorkerBarrier.from(props(), env);
        assertThat(pod.describe())
                .containsExactly(
                        Map.entry("worker.index", "2"),
                        Map.entry("worker.count", "3"),
                        Map.entry("worker.run.id", "bench-7f3a"));

        WorkerBarrier overridden =
                WorkerBarrier.from(props("rabbitmqjmh.worker.index", "0", "rabbitmqjmh.run.id", "x"), env);
        assertThat(overridden.index()).isZero();
        assertThat(overridden.runId()).isEqualTo("x");
    }

    @Test
    void badSettingsAreRefusedWithOneLineNamingTheVariable() {
        Map<String, String> ok =
                Map.of("RABBITMQJMH_WORKERS", "3", "RABBITMQJMH_WORKER_INDEX", "1", "RABBITMQJMH_RUN_ID", "r1");
        assertRefused(with(ok, "RABBITMQJMH_WORKERS", "three"), "RABBITMQJMH_WORKERS='three'", "1 to 1000");
        assertRefused(with(ok, "RABBITMQJMH_WORKERS", "0"), "RABBITMQJMH_WORKERS='0'", "1 to 1000");
        assertRefused(with(ok, "RABBITMQJMH_WORKER_INDEX", "3"), "RABBITMQJMH_WORKER_INDEX='3'", "0 to 2");
        assertRefused(with(ok, "RABBITMQJMH_WORKER_INDEX", null), "RABBITMQJMH_WORKER_INDEX", "JOB_COMPLETION_INDEX");
        assertRefused(with(ok, "RABBITMQJMH_RUN_ID", null), "RABBITMQJMH_RUN_ID", "shared by all");
        assertRefused(with(ok, "RABBITMQJMH_RUN_ID", "my run"), "RABBITMQJMH_RUN_ID='my run'", "A-Z a-z 0-9 . _ -");
        assertRefused(with(ok, "RABBITMQJMH_RUN_ID", "x".repeat(65)), "RABBITMQJMH_RUN_ID=", "1 to 64");
        assertThatThrownBy(() -> WorkerBarrier.from(props("rabbitmqjmh.workers", "-2"), ok))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("-Drabbitmqjmh.workers='-2'");
    }

    private static void assertRefused(Map<String, String> env, String... phrases) {
        assertThatThrownBy(() -> WorkerBarrier.from(props(), env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(phrases)
                .hasMessageNotContaining("\n");
    }

    private WorkerBarrier barrier(int count, int index, String run) {
        WorkerBarrier b = new WorkerBarrier(count, index, run);
        queues.add(b.queue(index));
        return b;
    }

    private static Function<String, String> props(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m::get;
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> m = new HashMap<>(env);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return m;
    }
}
