package org.rabbitmqjmh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.JavaProcess;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.SocketIo;

class LocalNodeTest {

    @TempDir
    Path nodes;

    private BrokerSettings settings() {
        return BrokerSettings.fromEnvironment().withNodesDir(nodes);
    }

    @Test
    void privateNodeStartsServesARoundTripAndLeavesNothingBehind() throws Exception {
        LocalNode node = LocalNode.start(BrokerSettings.DEBIAN_SERVER_SCRIPT, settings());
        ProcessHandle beam = node.beamProcess().orElseThrow();
        Path dir = node.directory();
        try {
            // The start time is reported, not a speed target (a test timed on a shared 2-core machine flakes):
            // it must be a real duration within the start timeout.
            assertThat(node.startTime())
                    .isPositive()
                    .isLessThanOrEqualTo(settings().startTimeout());
            assertThat(node.version()).startsWith("3.");
            assertThat(node.describe())
                    .contains("private node")
                    .contains("amqp://rmqjmh@")
                    .doesNotContain(node.uri().getUserInfo());
            try (Connection c = Connections.open(node.uri(), SocketIo.CLASSIC, "round-trip");
                    Channel ch = c.createChannel()) {
                String q = ch.queueDeclare().getQueue();
                ch.basicPublish("", q, null, "hello".getBytes(StandardCharsets.UTF_8));
                GetResponse r = null;
                for (int i = 0; i < 50 && r == null; i++) {
                    r = ch.basicGet(q, true);
                    if (r == null) {
                        Thread.sleep(20);
                    }
                }
                assertThat(r).isNotNull();
                assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello");

                // The firehose (--head-firehose): on, the broker copies each message published to amq.rabbitmq.trace.
                node.setFirehose(true);
                assertThat(node.rabbitmqctl("list_vhosts", "-q", "--no-table-headers", "name", "tracing"))
                        .contains("true");
                String traced = ch.queueDeclare().getQueue();
                ch.queueBind(traced, "amq.rabbitmq.trace", "publish.#");
                ch.basicPublish("", q, null, "traced".getBytes(StandardCharsets.UTF_8));
                GetResponse copy = null;
                for (int i = 0; i < 50 && copy == null; i++) {
                    copy = ch.basicGet(traced, true);
                    if (copy == null) {
                        Thread.sleep(20);
                    }
                }
                assertThat(copy).as("a trace copy of the message published").isNotNull();
                assertThat(new String(copy.getBody(), StandardCharsets.UTF_8)).isEqualTo("traced");
                node.setFirehose(false);
                assertThat(node.rabbitmqctl("list_vhosts", "-q", "--no-table-headers", "name", "tracing"))
                        .doesNotContain("true");

                // The quorum log started afresh (--against, before each side's quorum round): a new WAL file.
                ch.queueDeclare("rabbitmq-jmh-wal", true, false, false, Map.of("x-queue-type", "quorum"));
                ch.basicPublish("", "rabbitmq-jmh-wal", null, "logged".getBytes(StandardCharsets.UTF_8));
                String before = newestWal(node.directory());
                assertThat(node.startQuorumLogAfresh()).isTrue();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> newestWal(node.directory()).compareTo(before) > 0);
                ch.queueDelete("rabbitmq-jmh-wal");
            }
            assertThat(ExternalBroker.connect(node.uri()).startQuorumLogAfresh())
                    .as("a broker at a URI is not ours")
                    .isFalse();
            assertThatThrownBy(() -> ExternalBroker.connect(node.uri()).setFirehose(true))
                    .hasMessageStartingWith("the firehose of ")
                    .hasMessageEndingWith(" is not ours to switch; use the suite's " + "private node or container");
        } finally {
            node.close();
        }
        assertThat(beam.isAlive()).as("beam.smp still running after close").isFalse();
        assertThat(dir).doesNotExist();
        assertThat(nodes).isEmptyDirectory();
    }

    @Test
    void aNodeGivenCpusRunsOnThemAndStillServes() throws Exception {
        Assumptions.assumeThat(Path.of("/usr/bin/taskset"))
                .as("taskset (util-linux)")
                .isExecutable();
        String last = Integer.toString(Runtime.getRuntime().availableProcessors() - 1);
        try (LocalNode node =
                LocalNode.start(BrokerSettings.DEBIAN_SERVER_SCRIPT, settings().withCpus(Optional.of(last)))) {
            long pid = node.beamProcess().orElseThrow().pid();
            String allowed = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("Cpus_allowed_list:"))
                    .findFirst()
                    .orElseThrow();
            assertThat(allowed.substring(allowed.indexOf(':') + 1).trim()).isEqualTo(last);
            assertThat(BrokerProbe.version(node.uri())).isNotBlank();
            if (!last.equals("0")) {
                // A duet (--duet) moves each side's node to the other CPU every round: every thread goes.
                node.moveTo("0");
                assertThat(ThreadCpus.of(pid)).containsExactly("0");
                assertThat(BrokerProbe.version(node.uri())).isNotBlank();
            }
        }
        assertThat(nodes).isEmptyDirectory();
    }

    @Test
    void twoPrivateNodesRunAtOnceWithoutColliding() {
        try (LocalNode a = LocalNode.start(BrokerSettings.DEBIAN_SERVER_SCRIPT, settings());
                LocalNode b = LocalNode.start(BrokerSettings.DEBIAN_SERVER_SCRIPT, settings())) {
            assertThat(a.uri().getPort()).isNotEqualTo(b.uri().getPort());
            assertThat(a.nodeName()).isNotEqualTo(b.nodeName());
            assertThat(a.directory()).isNotEqualTo(b.directory());
            assertThat(BrokerProbe.version(a.uri())).isEqualTo(BrokerProbe.version(b.uri()));
        }
        assertThat(nodes).isEmptyDirectory();
    }

    @Test
    void aPortAlreadyInUseIsRefusedWithOneClearLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            BrokerSettings s = settings().withLocalPort(taken.getLocalPort());
            assertThatThrownBy(() -> LocalNode.start(BrokerSettings.DEBIAN_SERVER_SCRIPT, s))
                    .isInstanceOf(BrokerException.class)
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use");
        }
        assertThat(nodes).isEmptyDirectory();
    }

    @Test
    void aNodeThatFailsToStartIsReportedWithItsLogTailAndCleanedUp() {
        BrokerSettings broken = settings().withExtraNodeConfig(List.of("this_is_not_a_rabbitmq_setting = 1"));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> LocalNode.start(BrokerSettings.DEBIAN_SERVER_SCRIPT, broken))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("exited")
                .hasMessageContaining("last lines of its log")
                .hasMessageContaining("this_is_not_a_rabbitmq_setting");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        assertThat(nodes).isEmptyDirectory();
    }

    @Test
    void watchdogStopsTheNodeWhenItsJvmIsKilled() throws Exception {
        Holder h = startHolder();
        h.jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
        await().atMost(Duration.ofSeconds(30)).until(() -> !h.beam.isAlive());
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(h.dir));
    }

    @Test
    void orphanOfAKilledJvmAndWatchdogIsStoppedByTheNextRun() throws Exception {
        Holder h = startHolder();
        Path watchdogFile = h.dir.resolve("watchdog.pid");
        long watchdog = Long.parseLong(Files.readString(watchdogFile).trim().split("\\s+")[0]);
        ProcessHandle.of(watchdog).ifPresent(ProcessHandle::destroyForcibly);
        h.jvm.destroyForcibly();
        h.jvm.waitFor();
        Thread.sleep(1_500);
        assertThat(h.beam.isAlive()).as("the orphan exists before the next run").isTrue();

        assertThat(LocalNode.reapOrphans(nodes)).isEqualTo(1);
        assertThat(h.beam.isAlive()).isFalse();
        assertThat(h.dir).doesNotExist();
    }

    private record Holder(Process jvm, Path dir, ProcessHandle beam) {}

    private Holder startHolder() throws Exception {
        Process jvm = JavaProcess.start(List.of(), NodeHolderMain.class.getName(), List.of(nodes.toString()), Map.of());
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("holder output").startsWith("READY ");
        String[] parts = line.split(" ");
        return new Holder(
                jvm,
                Path.of(parts[1]),
                ProcessHandle.of(Long.parseLong(parts[2])).orElseThrow());
    }

    /** The name of the newest file of the node's quorum write-ahead log (they are numbered 00000001.wal on). */
    private static String newestWal(Path nodeDir) throws IOException {
        try (Stream<Path> files = Files.walk(nodeDir.resolve("mnesia"))) {
            return files.filter(f ->
                            f.getParent().getParent().getFileName().toString().equals("quorum"))
                    .map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".wal"))
                    .max(String::compareTo)
                    .orElse("");
        }
    }
}
