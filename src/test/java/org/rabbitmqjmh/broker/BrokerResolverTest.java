package org.rabbitmqjmh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.BenchmarkMain;
import org.rabbitmqjmh.JavaProcess;

/** The broker decision, without starting anything: which source wins when. */
class BrokerResolverTest {

    @TempDir
    Path empty;

    private BrokerSettings settings(Map<String, String> props, Map<String, String> env) {
        return BrokerSettings.from(props::get, env);
    }

    @Test
    void aUriFromTheEnvironmentWinsOverDockerAndTheLocalServer() {
        BrokerSettings s = settings(Map.of(), Map.of("RABBITMQ_URI", "amqp://u:p@example:5672/%2F"));
        assertThat(new BrokerResolver(s, () -> true).choose()).isEqualTo(BrokerSource.URI);
    }

    @Test
    void aUriPropertyWinsOverTheEnvironment() {
        BrokerSettings s = settings(
                Map.of("rabbitmq.uri", "amqp://a:b@one:1/%2F"), Map.of("RABBITMQ_URI", "amqp://c:d@two:2/%2F"));
        assertThat(s.uri()).contains("amqp://a:b@one:1/%2F");
        assertThat(s.uriOrigin()).isEqualTo("-Drabbitmq.uri");
    }

    @Test
    void theContainerIsChosenWhenDockerAnswersAndNoUriIsGiven() {
        BrokerSettings s = settings(Map.of(), Map.of());
        assertThat(new BrokerResolver(s, () -> true).choose()).isEqualTo(BrokerSource.CONTAINER);
    }

    @Test
    void theLocalServerIsChosenWithoutUriAndWithoutDocker() {
        BrokerSettings s = settings(Map.of(), Map.of());
        assertThat(new BrokerResolver(s, () -> false).choose()).isEqualTo(BrokerSource.LOCAL);
    }

    @Test
    void withNothingAvailableTheMessageNamesTheThreeWays() {
        BrokerSettings s = settings(Map.of("rabbitmq.home", empty.toString()), Map.of());
        assertThatThrownBy(() -> new BrokerResolver(s, () -> false).choose())
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("RABBITMQ_URI")
                .hasMessageContaining("Docker")
                .hasMessageContaining("rabbitmq-server");
    }

    @Test
    void aClusterSizeIsANodeCountForPrivateNodesOrContainersNotAUri() {
        assertThat(settings(Map.of(), Map.of()).clusterSize()).isEqualTo(1);
        assertThat(settings(Map.of("rabbitmq.cluster", "3"), Map.of()).clusterSize())
                .isEqualTo(3);
        for (String bad : new String[] {"0", "8", "three", "-1"}) {
            assertThatThrownBy(() -> settings(Map.of("rabbitmq.cluster", bad), Map.of()))
                    .isInstanceOf(BrokerException.class)
                    .hasMessage("-Drabbitmq.cluster=" + bad
                            + " is not a node count; allowed: 1 to 7 (1, the default, is a single node)");
        }
        BrokerSettings uri = settings(Map.of("rabbitmq.cluster", "3", "rabbitmq.uri", "amqp://u:p@h:1/%2F"), Map.of());
        assertThatThrownBy(() -> new BrokerResolver(uri, () -> false).start())
                .isInstanceOf(BrokerException.class)
                .hasMessageStartingWith("-Drabbitmq.cluster=3 starts private nodes or containers; a broker at a URI");
        // Where Docker answers, a cluster of containers (ContainerCluster; not startable on this machine).
        BrokerSettings docker = settings(Map.of("rabbitmq.cluster", "3"), Map.of());
        assertThat(new BrokerResolver(docker, () -> true).choose()).isEqualTo(BrokerSource.CONTAINER);
    }

    @Test
    void aForcedSourceSkipsTheOthers() {
        BrokerSettings s = settings(Map.of("rabbitmq.broker", "local"), Map.of("RABBITMQ_URI", "amqp://u:p@h:1/%2F"));
        assertThat(new BrokerResolver(s, () -> true).choose()).isEqualTo(BrokerSource.LOCAL);
        BrokerSettings c = settings(Map.of("rabbitmq.broker", "container"), Map.of());
        assertThat(new BrokerResolver(c, () -> false).choose()).isEqualTo(BrokerSource.CONTAINER);
    }

    @Test
    void forcingUriWithoutAUriAndAnUnknownSourceAreExplained() {
        BrokerSettings s = settings(Map.of("rabbitmq.broker", "uri"), Map.of());
        assertThatThrownBy(() -> new BrokerResolver(s, () -> false).choose()).hasMessageContaining("needs a URI");
        assertThatThrownBy(() -> settings(Map.of("rabbitmq.broker", "cloud"), Map.of()))
                .hasMessageContaining("allowed: uri, container, local");
    }

    @Test
    void passwordsAreMaskedWhereverAUriIsPrinted() {
        assertThat(Uris.mask("amqp://bob:s3cret@host:5672/%2F")).isEqualTo("amqp://bob@host:5672/%2F");
        assertThat(Uris.mask("failed for amqps://x:y@h/v and amqp://guest:guest@localhost"))
                .doesNotContain(":y@")
                .doesNotContain("guest:guest");
        // A URI refused for its scheme is echoed too: its password must not be.
        assertThatThrownBy(() -> Uris.parse("http://guest:secret@x", "-Drabbitmq.uri"))
                .hasMessage(
                        "invalid broker URI in -Drabbitmq.uri: 'http://guest@x'; expected amqp://user:password@host:port/vhost");
    }

    @Test
    void aPatternThatMatchesNoBenchmarkIsRefusedAtOnceWithoutStartingABroker() throws Exception {
        JavaProcess.Result r = JavaProcess.run(
                List.of("-Drabbitmqjmh.results=" + empty),
                BenchmarkMain.class.getName(),
                List.of("NoSuchBenchmark", "-f", "1"),
                Map.of(),
                60);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip())
                .isEqualTo("error: no benchmark matches 'NoSuchBenchmark'; java -jar benchmarks.jar -l lists them");
        assertThat(r.millis()).isLessThan(5_000); // a private node alone takes about 6 s to start
    }

    @Test
    void aBaseThatIsNoBenchmarksJarIsRefusedAtOnceWithoutStartingABroker() throws Exception {
        Path notAJar = Files.writeString(empty.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        JavaProcess.Result r = JavaProcess.run(
                List.of("-Drabbitmqjmh.results=" + empty),
                BenchmarkMain.class.getName(),
                List.of("PublishOneBenchmark", "--against", notAJar.toString()),
                Map.of(),
                60);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip()).startsWith("error: --against " + notAJar + " is not a benchmarks jar");
        assertThat(r.stderr()).doesNotContain("broker:");
        assertThat(r.millis()).isLessThan(5_000);
        Files.delete(notAJar);
    }

    @Test
    void theLauncherWithNoBrokerAnywhereExitsNonZeroWithOneLineAndNoStackTrace() throws Exception {
        JavaProcess.Result r = JavaProcess.run(
                List.of("-Drabbitmq.home=" + empty, "-Drabbitmqjmh.results=" + empty),
                // No URI and no rabbitmq-server where RABBITMQ_HOME points (the pom's RABBITMQ_BROKER=local keeps
                // a Docker engine out of it): the auto mode's last word is BrokerResolver's own test below.
                BenchmarkMain.class.getName(),
                List.of("PublishOneBenchmark"),
                Map.of(),
                60);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr())
                .startsWith("error: ")
                .contains("no rabbitmq-server found")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        try (var left = Files.list(empty)) {
            assertThat(left).as("a refused run leaves no empty run folder").isEmpty();
        }
    }
}
