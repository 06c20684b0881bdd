package org.rabbitmqjmh.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.JavaProcess;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.SocketIo;

/**
 * {@code -Drabbitmq.cluster=3}: three private nodes joined into one cluster, a quorum queue replicated
 * on all three, a message published on one node and taken on another, and nothing left when it closes
 * or when the JVM that owns it is SIGKILLed.
 */
class LocalClusterTest {

    @TempDir
    Path nodes;

    @Test
    void threeNodesJoinReplicateAQuorumQueueAndLeaveNothingWhenClosed() throws Exception {
        BrokerSettings settings =
                BrokerSettings.fromEnvironment().withNodesDir(nodes).withClusterSize(3);
        List<ProcessHandle> beams = new ArrayList<>();
        try (LocalCluster cluster = LocalCluster.start(BrokerSettings.DEBIAN_SERVER_SCRIPT, settings)) {
            assertThat(cluster.uris()).hasSize(3).doesNotHaveDuplicates();
            cluster.nodes().forEach(n -> beams.add(n.beamProcess().orElseThrow()));
            assertThat(cluster.rabbitmqctl("eval", "length(rabbit_nodes:all_running()).")
                            .strip())
                    .isEqualTo("3");
            assertThat(cluster.describe())
                    .startsWith("broker: private cluster of 3 nodes at ")
                    .doesNotContain(cluster.uri().getUserInfo());
            assertThat(cluster.cpuSource())
                    .hasValueSatisfying(s -> assertThat(s).startsWith("pids:"));
            assertThat(BrokerCpu.parse(cluster.cpuSource().get()))
                    .hasValueSatisfying(c -> assertThat(c.nanos()).isPositive());

            Connection onFirst = Connections.open(cluster.uris().get(0), SocketIo.CLASSIC, "cluster-test-1");
            Connection onThird = Connections.open(cluster.uris().get(2), SocketIo.CLASSIC, "cluster-test-3");
            try {
                Channel ch = onFirst.createChannel();
                ch.queueDeclare("rmqjmh-cluster-test", true, false, false, Map.of("x-queue-type", "quorum"));
                // A quorum queue's members: one replica on each node.
                String members = cluster.rabbitmqctl("list_queues", "-q", "--no-table-headers", "name", "members");
                for (LocalNode n : cluster.nodes()) {
                    assertThat(members).contains(n.nodeName());
                }
                ch.confirmSelect();
                ch.basicPublish("", "rmqjmh-cluster-test", null, "across".getBytes());
                ch.waitForConfirmsOrDie(10_000);
                Channel other = onThird.createChannel();
                GetResponse got = null;
                for (int i = 0; i < 50 && got == null; i++) {
                    got = other.basicGet("rmqjmh-cluster-test", true);
                    if (got == null) {
                        Thread.sleep(100);
                    }
                }
                assertThat(got).isNotNull();
                assertThat(new String(got.getBody())).isEqualTo("across");
                other.queueDelete("rmqjmh-cluster-test");
            } finally {
                Connections.closeQuietly(onFirst);
                Connections.closeQuietly(onThird);
            }
        }
        assertThat(beams).noneMatch(ProcessHandle::isAlive);
        try (var left = Files.list(nodes)) {
            assertThat(left).as("node directories left").isEmpty();
        }
    }

    @Test
    void aKilledOwnerTakesEveryNodeOfItsClusterWithIt() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path")));
        // A 3-node cluster beside a running benchmark took more than 30 s to start: the child waits as the
        // tests do.
        cmd.addAll(JavaProcess.inherited());
        cmd.addAll(List.of(NodeHolderMain.class.getName(), nodes.toString(), "3"));
        Process holder = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<ProcessHandle> beams = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream()))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("READY ")) {
                    for (String pid : line.substring(6).trim().split(" ")) {
                        beams.add(ProcessHandle.of(Long.parseLong(pid)).orElseThrow());
                    }
                    break;
                }
            }
            assertThat(beams).hasSize(3).allMatch(ProcessHandle::isAlive);
            holder.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook runs
            holder.waitFor(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (beams.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(beams)
                    .as("nodes still running after their owner was killed")
                    .noneMatch(ProcessHandle::isAlive);
            while (Files.list(nodes).findAny().isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            try (var left = Files.list(nodes)) {
                assertThat(left).as("node directories left").isEmpty();
            }
        } finally {
            holder.destroyForcibly();
        }
    }
}
