package org.rabbitmqjmh.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rabbitmqjmh.broker.LocalNode;
import org.rabbitmqjmh.broker.PrivateNodes;

/**
 * The broker fails under a running trial, for real: its node is killed, it closes the benchmark's
 * connections, or a memory alarm blocks publishing. Each time the trial has no score, the launcher
 * names it with its cause in one line without a stack trace and exits 1, its fork ends, and no queue of
 * the trial stays on a broker that survived.
 */
@Tag("faults")
class BrokerFaultsTest {

    /** One point of each benchmark, so that the trial is the one a fault hits. */
    static final List<String> PUBLISH = List.of(
            "\\.PublishBenchmark\\.",
            "-p",
            "confirm=async-window",
            "-p",
            "batch=100",
            "-p",
            "messageSize=16",
            "-p",
            "delivery=transient",
            "-p",
            "queueType=classic",
            "-p",
            "socketIo=classic",
            "-p",
            "recording=off",
            "-f",
            "1",
            "-wi",
            "0",
            "-i",
            "15",
            "-r",
            "1s");

    static final List<String> DRAIN = List.of(
            "DrainBenchmark",
            "-p",
            "messages=20000",
            "-p",
            "prefetch=100",
            "-p",
            "style=callback",
            "-p",
            "ack=each",
            "-p",
            "socketIo=classic",
            "-f",
            "1",
            "-wi",
            "0",
            "-i",
            "40");
    static final List<String> WORK_QUEUE = List.of(
            "WorkQueueBenchmark",
            "-p",
            "workers=2",
            "-p",
            "prefetch=1",
            "-p",
            "tasks=uniform",
            "-p",
            "taskMillis=5",
            "-f",
            "1",
            "-wi",
            "0",
            "-i",
            "60");
    static final List<String> WORKER_POOL =
            List.of("WorkerPoolBenchmark", "-p", "workers=8", "-p", "work=sleep", "-f", "1", "-wi", "0", "-i", "60");
    static final String PUBLISH_TRIAL =
            "failed: PublishBenchmark.publish batch=100 clientNodes=first confirm=async-window";
    static final String DRAIN_TRIAL = "failed: DrainBenchmark.drain ack=each messages=20000 prefetch=100";

    @TempDir
    Path nodes;

    @TempDir
    Path results;

    @TempDir
    Path tmp;

    private static List<String> brokerOf(LocalNode node) {
        List<String> args = new ArrayList<>(List.of("-Drabbitmq.uri=" + node.uri()));
        node.prometheusEndpoint().ifPresent(m -> args.add("-Drabbitmq.metrics.uri=" + m));
        return args;
    }

    @Test
    void aMemoryAlarmDuringPublishFailsTheTrialNamingTheAlarm() throws Exception {
        try (LocalNode node = PrivateNodes.start(nodes);
                LauncherRun run = LauncherRun.start(brokerOf(node), PUBLISH, results, tmp)) {
            run.afterIteration(2, 120);
            node.rabbitmqctl("set_vm_memory_high_watermark", "absolute", "1");
            int exit = run.exit(120);
            assertFailedWithoutScore(run, exit, PUBLISH_TRIAL, "the broker blocked publishing for 5 s: memory alarm");
            assertThat(node.queueNames()).as("queues left on the broker").isEmpty();
            // The URI was a -D of the launcher: JMH would pass it on to the fork and print it as a VM option.
            String password =
                    node.uri().getUserInfo().substring(node.uri().getUserInfo().indexOf(':') + 1);
            assertThat(run.stdout() + run.stderr())
                    .as("the broker's password in the output")
                    .doesNotContain(password);
        }
    }

    @ParameterizedTest(name = "mid-{0}")
    @ValueSource(strings = {"publish", "drain", "workqueue", "workerpool"})
    void theBrokerKilledUnderATrialFailsIt(String trial) throws Exception {
        List<String> args = switch (trial) {
            case "publish" -> PUBLISH;
            case "drain" -> DRAIN;
            case "workqueue" -> WORK_QUEUE;
            default -> WORKER_POOL;
        };
        String failed = switch (trial) {
            case "publish" -> PUBLISH_TRIAL;
            case "drain" -> DRAIN_TRIAL;
            case "workqueue" -> "failed: WorkQueueBenchmark.completeAllTasks";
            default -> "failed: WorkerPoolBenchmark.finishAllTasks";
        };
        try (LocalNode node = PrivateNodes.start(nodes);
                LauncherRun run = LauncherRun.start(brokerOf(node), args, results, tmp)) {
            run.afterIteration(2, 120);
            long killed = System.nanoTime();
            node.beamProcess().orElseThrow().destroyForcibly();
            int exit = run.exit(120);
            assertFailedWithoutScore(run, exit, failed, "");
            // A worker pool waits for no idle timeout once its broker is gone.
            assertThat((System.nanoTime() - killed) / 1e9)
                    .as("seconds from the kill to the launcher's end")
                    .isLessThan(20);
        }
    }

    @Test
    void theConsumersConnectionClosedByTheBrokerFailsTheTrialAndItsQueueIsDeleted() throws Exception {
        try (LocalNode node = PrivateNodes.start(nodes);
                LauncherRun run = LauncherRun.start(brokerOf(node), DRAIN, results, tmp)) {
            run.afterIteration(2, 120);
            node.rabbitmqctl("close_all_connections", "closed by the fault test");
            int exit = run.exit(120);
            assertFailedWithoutScore(run, exit, DRAIN_TRIAL, "closed by the fault test");
            assertThat(node.queueNames()).as("queues left on the broker").isEmpty();
        }
    }

    @Test
    void confirmedMessagesThatNeverReachTheTrialsConsumerFailItWithoutTheBrokersCounters() throws Exception {
        // The broker's metrics off, as on a broker without the Prometheus plugin: only the client can see it.
        try (LocalNode node = PrivateNodes.start(nodes);
                // 15 iterations: time to list the queues (rabbitmqctl, 1-3 s) and attach before the trial ends.
                LauncherRun run = LauncherRun.start(
                        List.of("-Drabbitmq.uri=" + node.uri(), "-Drabbitmq.metrics.uri=off"), PUBLISH, results, tmp)) {
            run.afterIteration(1, 120);
            List<String> queues = node.queueNames();
            String queue = queues.stream()
                    .filter(q -> q.startsWith("rmqjmh-publish-"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no trial queue among " + queues + "; " + run.stderr()));
            ConnectionFactory f = new ConnectionFactory();
            f.setUri(node.uri());
            try (Connection c = f.newConnection();
                    Channel ch = c.createChannel()) {
                // Another consumer on the trial's queue takes every other message, as a drop would lose it.
                ch.basicConsume(queue, true, (tag, m) -> {}, tag -> {});
                int exit = run.exit(120);
                assertFailedWithoutScore(run, exit, PUBLISH_TRIAL, "never reached the trial's consumer");
            }
        }
    }

    static void assertFailedWithoutScore(LauncherRun run, int exit, String trial, String cause) throws Exception {
        String err = run.stderr();
        assertThat(exit).as(err).isEqualTo(1);
        assertThat(run.reportLines())
                .as(err)
                .anySatisfy(l -> assertThat(l).startsWith(trial).contains(cause))
                .anySatisfy(l -> assertThat(l).startsWith("error: 1 trial failed and has no score"));
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(run.resultJson()).as("a result file for a failed trial").isEmpty();
        assertThat(LauncherRun.survivorsMentioning(run.results.toString()))
                .as("forks still running")
                .isEmpty();
    }
}
