package org.rabbitmqjmh.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.broker.Listener;
import org.rabbitmqjmh.broker.LocalNode;
import org.rabbitmqjmh.broker.PrivateNodes;

/**
 * What a user sees when another protocol cannot be reached: a broker at a URI without the plugin a
 * trial needs, and a TLS trust store that is missing, not a certificate, or not the broker's CA. Each
 * ends before the first fork in one line that names the problem, exit status 1, no stack trace.
 */
class ProtocolFaultsTest {

    static final List<String> ONE_TRIAL = List.of(
            "ProtocolBenchmark",
            "-p",
            "form=unary",
            "-p",
            "messageSize=16",
            "-f",
            "1",
            "-wi",
            "0",
            "-i",
            "1",
            "-r",
            "1s");

    static LocalNode node;

    @TempDir
    static Path nodes;

    @TempDir
    Path results;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        node = PrivateNodes.start(nodes);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private LauncherRun launch(List<String> jvmArgs, String... params) throws Exception {
        List<String> args = new ArrayList<>(ONE_TRIAL);
        for (String p : params) {
            args.addAll(List.of("-p", p));
        }
        return LauncherRun.start(jvmArgs, args, results, tmp);
    }

    /** The run's one "error:" line, after checking it failed cleanly and before any fork. */
    private String refused(List<String> jvmArgs, String... params) throws Exception {
        try (LauncherRun run = launch(jvmArgs, params)) {
            String err = checkedFailure(run);
            assertThat(run.stdout()).as("no fork ran").doesNotContain("# Fork:");
            return err.lines()
                    .filter(l -> l.startsWith("error: "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(err));
        }
    }

    private static String checkedFailure(LauncherRun run) throws Exception {
        int exit = run.exit(120);
        String err = run.stderr();
        assertThat(exit).as(err).isEqualTo(1);
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
        String password =
                node.uri().getUserInfo().substring(node.uri().getUserInfo().indexOf(':') + 1);
        assertThat(run.stdout() + err).as("the broker's password in the output").doesNotContain(password);
        return err;
    }

    @Test
    void aUriBrokerWithoutThePluginFailsTheTrialsThatNeedItNamingThePlugin() throws Exception {
        // Nothing listens on this port: a broker without rabbitmq_stomp, as far as a client can tell.
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (LauncherRun run = launch(
                List.of("-Drabbitmq.uri=" + node.uri(), "-Drabbitmq.listeners=stomp:" + closed),
                "protocol=stomp,amqp091")) {
            checkedFailure(run);
            assertThat(run.reportLines())
                    .anySatisfy(l -> assertThat(l)
                            .startsWith("failed: ProtocolBenchmark.send")
                            .contains("protocol=stomp")
                            .contains("does not listen for stomp on port " + closed)
                            .contains("rabbitmq-plugins enable rabbitmq_stomp"))
                    .anySatisfy(l -> assertThat(l).startsWith("error: 1 trial failed and has no score"));
            // The trial that needs no plugin ran and scored.
            assertThat(run.resultJson()).isPresent();
            assertThat(Files.readString(run.resultJson().get()))
                    .contains("\"protocol\" : \"amqp091\"")
                    .doesNotContain("\"protocol\" : \"stomp\"");
        }
    }

    @Test
    void aMissingTrustStoreIsNamedInOneLine() throws Exception {
        Path missing = tmp.resolve("no-such-ca.pem");
        String line = refused(
                List.of("-Drabbitmq.uri=" + amqps(), "-Drabbitmq.tls.ca=" + missing), "protocol=amqp091", "tls=on");
        assertThat(line).contains("cannot use the TLS trust store " + missing).contains("allowed: a PEM file");
    }

    @Test
    void aTrustStoreThatIsNoCertificateIsNamedInOneLine() throws Exception {
        Path garbage = Files.writeString(tmp.resolve("garbage.pem"), "not a certificate\n");
        String line = refused(
                List.of("-Drabbitmq.uri=" + amqps(), "-Drabbitmq.tls.ca=" + garbage), "protocol=amqp091", "tls=on");
        assertThat(line).contains("cannot use the TLS trust store " + garbage).contains("allowed: a PEM file");
    }

    @Test
    void anotherCaThanTheBrokersFailsVerificationInOneLine() throws Exception {
        // The JDK's own trust store does not know the node's per-run CA: verification must fail, not pass.
        String line = refused(List.of("-Drabbitmq.uri=" + amqps()), "protocol=amqp091", "tls=on");
        assertThat(line).contains("amqps://").contains("unable to find valid certification path");
    }

    private static String amqps() {
        return node.uri()
                .toString()
                .replace("amqp://", "amqps://")
                .replace(
                        ":" + node.uri().getPort() + "/", ":" + node.listeners().port(Listener.AMQPS) + "/");
    }
}
