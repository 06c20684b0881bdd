package org.rabbitmqjmh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The part of the official image's contract the suite's images keep, used the way a user of the image
 * alone would: the default user and password from the environment, rabbitmq_management and
 * rabbitmq_prometheus enabled, the log on stdout (where Testcontainers waits for "Server startup
 * complete"), the CLI tools on the PATH. Ports of its own on the host network, so that it runs beside
 * whatever else listens on RabbitMQ's defaults.
 */
class ImageContractTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Containers.RABBITMQ_4, Containers.RABBITMQ_3})
    void theImageKeepsTheOfficialImagesContract(String image) throws Exception {
        Containers.unavailable(image).ifPresent(why -> assumeTrue(false, why));
        int amqp = Ports.free();
        int management = Ports.free();
        int prometheus = Ports.free();
        String name = "rmqjmh-contract-" + Secrets.hex(4);
        Map<String, String> env = Map.of(
                "RABBITMQ_NODE_IP_ADDRESS",
                "127.0.0.1",
                "ERL_EPMD_ADDRESS",
                "127.0.0.1",
                "RABBITMQ_DEFAULT_USER",
                "alice",
                "RABBITMQ_DEFAULT_PASS",
                "s3cret-" + Secrets.hex(4),
                "RABBITMQ_NODENAME",
                name + "@localhost",
                "RABBITMQ_NODE_PORT",
                Integer.toString(amqp),
                "RABBITMQ_DIST_PORT",
                Integer.toString(Ports.free()),
                "ERL_EPMD_PORT",
                Integer.toString(Ports.free()),
                "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS",
                "-rabbitmq_management tcp_config [{ip,\"127.0.0.1\"},{port," + management
                        + "}] -rabbitmq_prometheus tcp_config [{ip,\"127.0.0.1\"},{port," + prometheus + "}]");
        try (HostContainer c = HostContainer.start(
                image,
                name,
                env,
                Optional.empty(),
                Optional.empty(),
                "/usr/local/bin/docker-entrypoint.sh",
                "rabbitmq-server")) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> c.logs().contains("Server startup complete"));
            URI uri = URI.create("amqp://alice:" + env.get("RABBITMQ_DEFAULT_PASS") + "@127.0.0.1:" + amqp + "/%2F");
            assertThat(BrokerProbe.version(uri)).isEqualTo(image.substring(image.indexOf(':') + 1));
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheus + "/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .contains("rabbitmq_global_messages_received_total");
            assertThat(http.send(
                                    HttpRequest.newBuilder(
                                                    URI.create("http://127.0.0.1:" + management + "/api/overview"))
                                            .header(
                                                    "Authorization",
                                                    "Basic "
                                                            + Base64.getEncoder()
                                                                    .encodeToString(("alice:"
                                                                                    + env.get("RABBITMQ_DEFAULT_PASS"))
                                                                            .getBytes()))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(c.exec("rabbitmqctl", "list_users", "-q")).contains("alice");
        }
    }
}
