package org.rabbitmqjmh.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.Containers;

/**
 * The containerised broker for real, on the RabbitMQ 4.0.5 image built from Debian's packages: the
 * launcher run as a user runs it, the broker killed under a trial ({@code docker kill}) and its
 * connections closed, the launcher signalled, a cluster of three containers losing its leader, and an
 * image that is not there. Skipped, with the reason, where no Docker engine answers or the image was
 * not built.
 */
@Tag("faults")
class ContainerPathTest {

    private static final List<String> FORCED_4 =
            List.of("-Drabbitmq.broker=container", "-Drabbitmq.image=" + Containers.RABBITMQ_4);
    private static final List<String> ONE_TRIAL =
            List.of("PublishOneBenchmark", "-f", "1", "-wi", "0", "-i", "1", "-r", "1s");

    @TempDir
    Path results;

    @TempDir
    Path tmp;

    private static void requireEngineAndImage() {
        Containers.unavailable(Containers.RABBITMQ_4).ifPresent(why -> assumeTrue(false, why));
    }

    @Test
    void theLaunchersContainerIsRabbitMQ405WithTheCrossCheckAndBrokerCpuAndLeavesNothing() throws Exception {
        requireEngineAndImage();
        try (LauncherRun run = LauncherRun.start(FORCED_4, ONE_TRIAL, results, tmp)) {
            int exit = run.exit(180);
            String err = run.stderr();
            assertThat(exit).as(err).isZero();
            assertThat(err)
                    .containsPattern(
                            "broker: container \\(" + Containers.RABBITMQ_4.replace(".", "\\.")
                                    + ", host network\\) at amqp://rmqjmh@127\\.0\\.0\\.1:\\d+/%2F, RabbitMQ 4\\.0\\.5, ready in");
            assertThat(err).contains("cross-check: the broker's counters at").contains("broker CPU from cgroup:");
            assertThat(run.resultJson()).isPresent();
            assertThat(Files.readString(run.resultJson().get())).contains("cost.broker.cpu");
            assertThat(Containers.ownedBy(run.pid()))
                    .as("containers left after the run")
                    .isEmpty();
            assertThat(nodeDirs()).as("node directories left").isEmpty();
        }
    }

    @Test
    void theContainerKilledUnderATrialFailsIt() throws Exception {
        requireEngineAndImage();
        try (LauncherRun run = LauncherRun.start(FORCED_4, BrokerFaultsTest.PUBLISH, results, tmp)) {
            run.afterIteration(2, 180);
            List<String> ours = Containers.ownedBy(run.pid());
            assertThat(ours).hasSize(1);
            new ProcessBuilder("docker", "kill", ours.get(0))
                    .redirectErrorStream(true)
                    .start()
                    .waitFor();
            int exit = run.exit(120);
            BrokerFaultsTest.assertFailedWithoutScore(run, exit, BrokerFaultsTest.PUBLISH_TRIAL, "");
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () -> assertThat(Containers.ownedBy(run.pid())).isEmpty());
        }
    }

    @Test
    void theConsumersConnectionClosedByTheContainerFailsTheTrialAndItsQueueIsDeleted() throws Exception {
        requireEngineAndImage();
        try (Broker broker = Containers.start(tmp.resolve("nodes"), Containers.RABBITMQ_4);
                LauncherRun run = LauncherRun.start(
                        List.of(
                                "-Drabbitmq.uri=" + broker.uri(),
                                "-Drabbitmq.metrics.uri="
                                        + broker.prometheusEndpoint().orElseThrow()),
                        BrokerFaultsTest.DRAIN,
                        results,
                        tmp)) {
            run.afterIteration(2, 180);
            Containers.rabbitmqctl(broker, "close_all_connections", "closed by the fault test");
            int exit = run.exit(120);
            BrokerFaultsTest.assertFailedWithoutScore(
                    run, exit, BrokerFaultsTest.DRAIN_TRIAL, "closed by the fault test");
            assertThat(Containers.rabbitmqctl(broker, "list_queues", "-q", "--no-table-headers", "name")
                            .strip())
                    .as("queues left on the broker")
                    .isEmpty();
        }
    }

    @Test
    void sigintAndSigkillLeaveNoContainer() throws Exception {
        requireEngineAndImage();
        List<String> longRun = List.of("PublishOneBenchmark", "-f", "1", "-wi", "0", "-i", "30", "-r", "1s");
        try (LauncherRun run = LauncherRun.start(FORCED_4, longRun, results, tmp)) {
            run.afterIteration(1, 180);
            run.signal("INT");
            run.exit(60);
            assertThat(Containers.ownedBy(run.pid()))
                    .as("containers after SIGINT")
                    .isEmpty();
        }
        try (LauncherRun run = LauncherRun.start(FORCED_4, longRun, results, tmp)) {
            run.afterIteration(1, 180);
            assertThat(Containers.ownedBy(run.pid())).hasSize(1);
            run.signal("KILL");
            run.exit(30);
            // The container's watchdog sees its owner gone and stops it; the engine removes it (--rm).
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(Containers.ownedBy(run.pid()))
                            .as("containers after SIGKILL")
                            .isEmpty());
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(nodeDirs()).as("node directories").isEmpty());
        }
    }

    @Test
    void aMissingImageIsOneLineForcedAndAFallbackToThePrivateNodeOtherwise() throws Exception {
        requireEngineAndImage();
        String missing = "rabbitmq-jmh/rabbitmq:0.0.0-not-built";
        try (LauncherRun run = LauncherRun.start(
                List.of(
                        "-Drabbitmq.broker=container",
                        "-Drabbitmq.image=" + missing,
                        "-Drabbitmq.image.pull.timeout=5"),
                ONE_TRIAL,
                results,
                tmp)) {
            int exit = run.exit(120);
            String err = run.stderr();
            assertThat(exit).as(err).isEqualTo(1);
            assertThat(run.reportLines())
                    .as(err)
                    .anySatisfy(l -> assertThat(l)
                            .contains("the image " + missing
                                    + " is not in the Docker engine and could not be pulled within 5 s")
                            .contains("deploy/images/build"));
            assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
        }
        try (LauncherRun run = LauncherRun.start(
                List.of("-Drabbitmq.image=" + missing, "-Drabbitmq.image.pull.timeout=5"),
                ONE_TRIAL,
                results,
                tmp,
                Map.of("RABBITMQ_BROKER", ""))) {
            int exit = run.exit(180);
            String err = run.stderr();
            assertThat(exit).as(err).isZero();
            assertThat(run.reportLines())
                    .as(err)
                    .anySatisfy(l -> assertThat(l)
                            .startsWith("broker: the image " + missing)
                            .endsWith("; using a private node instead"));
            assertThat(err).contains("broker: private node at");
        }
    }

    @Test
    void aClusterOfThreeContainersElectsANewLeaderWhenTheLeadersContainerIsKilled() throws Exception {
        requireEngineAndImage();
        try (Broker cluster = Containers.startCluster(tmp.resolve("nodes"), Containers.RABBITMQ_4, 3)) {
            assertThat(cluster.uris()).hasSize(3);
            assertThat(cluster.version()).isEqualTo("4.0.5");
            String queue = "rabbitmq-jmh.container-failover";
            ConnectionFactory f = new ConnectionFactory();
            f.setUri(cluster.uris().get(1));
            try (Connection c = f.newConnection();
                    Channel ch = c.createChannel()) {
                ch.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
                ch.confirmSelect();
                ch.basicPublish("", queue, null, "before".getBytes());
                ch.waitForConfirmsOrDie(10_000);
            }
            String leader = leaderOf(cluster, queue);
            Broker leaderNode = Containers.nodes(cluster).stream()
                    .filter(n -> Containers.nodeName(n).equals(leader))
                    .findFirst()
                    .orElseThrow();
            Broker survivor = Containers.nodes(cluster).stream()
                    .filter(n -> n != leaderNode)
                    .findFirst()
                    .orElseThrow();
            Containers.kill(leaderNode);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        String now = Containers.rabbitmqctl(
                                survivor, "list_queues", "-q", "--no-table-headers", "name", "leader", "messages");
                        assertThat(now).contains(queue).doesNotContain(leader).containsPattern("\\s1\\s*$");
                    });
            f.setUri(survivor.uri());
            try (Connection c = f.newConnection();
                    Channel ch = c.createChannel()) {
                assertThat(ch.basicGet(queue, true).getBody()).asString().isEqualTo("before");
                ch.queueDelete(queue);
            }
        }
        assertThat(Containers.ownedBy(ProcessHandle.current().pid()))
                .as("containers after the cluster closed")
                .isEmpty();
    }

    private static String leaderOf(Broker cluster, String queue) {
        for (String line : Containers.rabbitmqctl(cluster, "list_queues", "-q", "--no-table-headers", "name", "leader")
                .lines()
                .toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && f[0].equals(queue)) {
                return f[1];
            }
        }
        throw new AssertionError("no leader listed for " + queue);
    }

    private List<Path> nodeDirs() throws IOException {
        Path root = tmp.resolve("rabbitmq-jmh-nodes");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return new ArrayList<>(s.toList());
        }
    }
}
