package org.rabbitmqjmh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.BenchmarkMain;
import org.rabbitmqjmh.JavaProcess;

/**
 * The URI path, against a broker the suite did not start for the run: a private node of the test plays
 * the user's broker. It must be used as is, left running, and hold none of the run's queues afterwards.
 */
class ExternalBrokerTest {

    private static LocalNode users;

    @BeforeAll
    static void startUsersBroker() {
        users = LocalNode.start(BrokerSettings.DEBIAN_SERVER_SCRIPT, BrokerSettings.fromEnvironment());
    }

    @AfterAll
    static void stopUsersBroker() {
        users.close();
    }

    private static Broker viaUri(URI uri) {
        // The URI as if given: RABBITMQ_BROKER (the pom sets local) is for runs that name none.
        BrokerSettings s =
                BrokerSettings.fromEnvironment().withForcedSource(null).withUri(uri.toString(), "-Drabbitmq.uri");
        return new BrokerResolver(s, () -> false).start();
    }

    @Test
    void aGivenUriIsUsedAsIsAndNotStoppedOnClose() {
        Broker b = viaUri(users.uri());
        assertThat(b.source()).isEqualTo(BrokerSource.URI);
        assertThat(b.uri()).isEqualTo(users.uri());
        assertThat(b.version()).isEqualTo(users.version());
        b.close();
        assertThat(BrokerProbe.version(users.uri())).isEqualTo(users.version());
    }

    @Test
    void aBenchmarkRunOnAGivenUriLeavesNoQueueBehindAndPrintsNoPassword(@TempDir Path results) throws Exception {
        List<String> before = users.queueNames();
        JavaProcess.Result r = JavaProcess.run(
                List.of("-Drabbitmqjmh.results=" + results),
                BenchmarkMain.class.getName(),
                List.of("PublishOneBenchmark", "-f", "1", "-wi", "0", "-i", "1", "-r", "1s"),
                Map.of("RABBITMQ_URI", users.uri().toString()),
                120);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("broker: external broker at amqp://rmqjmh@");
        String password = users.uri().getUserInfo().split(":")[1];
        assertThat(r.stdout() + r.stderr()).doesNotContain(password);
        try (var files = Files.walk(results)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(password);
            }
        }
        assertThat(users.queueNames()).isEqualTo(before);
        assertThat(BrokerProbe.version(users.uri())).isEqualTo(users.version());
    }

    @Test
    void anUnreachableUriFailsFastWithOneLine() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> viaUri(URI.create("amqp://u:secret@127.0.0.1:" + closedPort + "/%2F")))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("connection refused")
                .hasMessageContaining("amqp://u@127.0.0.1:" + closedPort)
                .hasMessageNotContaining("secret");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aWrongPasswordIsNamedAsSuchWithoutShowingIt() {
        URI wrong = URI.create(
                "amqp://rmqjmh:not-the-password@127.0.0.1:" + users.uri().getPort() + "/%2F");
        assertThatThrownBy(() -> viaUri(wrong))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("refused the credentials of user 'rmqjmh'")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void aMissingVirtualHostIsToldApartFromRefusedCredentials() {
        String userInfo = users.uri().getUserInfo();
        String password = userInfo.substring(userInfo.indexOf(':') + 1);
        URI missing =
                URI.create("amqp://" + userInfo + "@127.0.0.1:" + users.uri().getPort() + "/no-such-vhost");
        assertThatThrownBy(() -> viaUri(missing))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("has no virtual host 'no-such-vhost'")
                .hasMessageNotContaining("credentials")
                .hasMessageNotContaining(password);
    }

    @Test
    void aMalformedUriIsRejectedWithWhatIsExpected() {
        assertThatThrownBy(() -> viaUri(URI.create("http://example.org/")))
                .hasMessageContaining("expected amqp://user:password@host:port/vhost");
    }
}
