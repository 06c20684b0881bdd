package org.rabbitmqjmh.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.protocols.Protocol;

/**
 * MQTT 5 on a broker older than RabbitMQ 3.13 (the broad suite's private 3.10 node): a {@code mqtt5}
 * trial fails in one line naming the broker's version and what is needed, no stack trace, and the
 * MQTT 3.1.1 trial beside it runs and scores.
 */
class Mqtt5OnOlderBrokerTest {

    @TempDir
    Path results;

    @TempDir
    Path tmp;

    private static Broker olderBroker() {
        Broker broker = TestBroker.broker();
        String[] v = broker.version().split("\\.");
        Assumptions.assumeTrue(
                Integer.parseInt(v[0]) == 3 && Integer.parseInt(v[1]) < 13,
                "needs a broker older than RabbitMQ 3.13; this one is " + broker.version());
        return broker;
    }

    @Test
    void anMqtt5TrialFailsInOneLineNamingTheBrokersVersionAndTheOthersRun() throws Exception {
        Broker broker = olderBroker();
        // A broker at a URI is never reconfigured: the MQTT 3.1.1 trial needs the plugin there already.
        broker.enable(Protocol.MQTT.listeners(false));
        List<String> args = List.of(
                "ProtocolBenchmark",
                "-p",
                "protocol=mqtt5,mqtt",
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
        try (LauncherRun run = LauncherRun.start(
                List.of(
                        "-Drabbitmq.uri=" + broker.uri(),
                        "-Drabbitmq.listeners=" + broker.listeners().property()),
                args,
                results,
                tmp)) {
            int exit = run.exit(180);
            String err = run.stderr();
            assertThat(exit).as(err).isEqualTo(1);
            assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
            String password = broker.uri()
                    .getUserInfo()
                    .substring(broker.uri().getUserInfo().indexOf(':') + 1);
            assertThat(run.stdout() + err)
                    .as("the broker's password in the output")
                    .doesNotContain(password);
            assertThat(run.reportLines())
                    .anySatisfy(l -> assertThat(l)
                            .startsWith("failed: ProtocolBenchmark.send")
                            .contains("protocol=mqtt5")
                            .contains("mqtt5 needs RabbitMQ 3.13 or later; the broker is RabbitMQ " + broker.version())
                            .contains("allowed there: ")
                            .contains("mqtt,"))
                    .anySatisfy(l -> assertThat(l).startsWith("error: 1 trial failed and has no score"));
            assertThat(run.resultJson()).isPresent();
            assertThat(Files.readString(run.resultJson().get()))
                    .contains("\"protocol\" : \"mqtt\"")
                    .doesNotContain("\"protocol\" : \"mqtt5\"");
        }
    }

    @Test
    void theProtocolsThatNeedANewerBrokerRefuseItAndTheOthersDoNot() {
        String version = olderBroker().version();
        assertThatThrownBy(() -> Protocol.WEB_MQTT5.requireBroker(version))
                .isInstanceOf(BrokerException.class)
                .hasMessageStartingWith("web-mqtt5 needs RabbitMQ 3.13 or later; the broker is RabbitMQ " + version);
        assertThatThrownBy(() -> Protocol.AMQP10_RABBITMQ.requireBroker(version))
                .isInstanceOf(BrokerException.class)
                .hasMessageStartingWith("amqp10-rabbitmq needs RabbitMQ 4.0 or later");
        for (String label : List.of("amqp091", "stream", "mqtt", "web-mqtt", "stomp", "web-stomp", "amqp10")) {
            Protocol.parse(label).requireBroker(version);
        }
    }

    @Test
    void versionsCompareAsMajorAndMinor() {
        assertThatThrownBy(() -> Protocol.MQTT5.requireBroker("3.12.14")).isInstanceOf(BrokerException.class);
        assertThatThrownBy(() -> Protocol.AMQP10_RABBITMQ.requireBroker("3.13.7"))
                .isInstanceOf(BrokerException.class);
        Protocol.MQTT5.requireBroker("3.13.0");
        Protocol.MQTT5.requireBroker("4.0.5");
        Protocol.AMQP10_RABBITMQ.requireBroker("4.0.0-rc.1");
        // A version that does not read as MAJOR.MINOR is let through: the client then says what fails.
        Protocol.MQTT5.requireBroker("unknown");
    }
}
