package org.rabbitmqjmh.profilers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.rabbitmqjmh.Intruder;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.broker.BrokerSettings;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.Overflow;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;
import org.rabbitmqjmh.engine.consume.AckMode;
import org.rabbitmqjmh.engine.consume.ConsumeSettings;
import org.rabbitmqjmh.engine.consume.ConsumeStyle;
import org.rabbitmqjmh.engine.consume.QueueConsumer;
import org.rabbitmqjmh.engine.publish.Publisher;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/**
 * The broker's counters against ours, on a real broker: they agree when every message goes through
 * the suite's publish and consume paths, and the check fails, naming the counter, when the broker
 * saw what the client did not count (a publish from elsewhere, a queue dropping messages at its limit).
 */
class BrokerCrossCheckTest {

    private static final IterationParams MEASURED =
            new IterationParams(IterationType.MEASUREMENT, 1, TimeValue.seconds(1), 1);

    private static Connection connection;

    @TempDir
    Path run;

    @BeforeAll
    static void open() {
        assumeThat(TestBroker.broker().prometheusEndpoint())
                .as("a broker with rabbitmq_prometheus")
                .isPresent();
        BrokerCrossCheck.watch(TestBroker.broker().prometheusEndpoints());
        connection = Connections.open(TestBroker.uri(), SocketIo.CLASSIC, "cross-check-test");
    }

    @AfterAll
    static void close() {
        Connections.closeQuietly(connection);
    }

    @Test
    void countsOfTheSuitesOwnPathsAgreeWithTheBrokers() throws Exception {
        String q = Topology.uniqueName("cross");
        Topology.declareScratch(connection, QueueSpec.classic(q, false));
        try {
            BrokerCrossCheck check = new BrokerCrossCheck();
            check.beforeIteration(null, MEASURED);
            Publisher.fill(connection, q, 500, 16, 0);
            try (QueueConsumer c = new QueueConsumer(
                            connection,
                            q,
                            QueueType.CLASSIC,
                            ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.EACH, 50),
                            TimingRecorder.off(),
                            new Latency(),
                            null)
                    .started()) {
                c.consume(500);
            }
            Map<String, Double> results = scores(check.afterIteration(null, MEASURED, null));
            assertThat(results)
                    .containsEntry("broker.received", 500.0)
                    .containsEntry("client.published", 500.0)
                    .containsEntry("broker.confirmed", 500.0)
                    .containsEntry("client.confirmed", 500.0)
                    .containsEntry("broker.delivered", 500.0)
                    .containsEntry("client.received", 500.0)
                    .containsEntry("broker.acked", 500.0)
                    .containsEntry("client.acked", 500.0)
                    .containsEntry("broker.dropped", 0.0);
        } finally {
            Topology.delete(connection, q);
        }
    }

    @Test
    void aPublishTheClientDidNotCountFailsTheIterationNamingTheCounter() throws Exception {
        String q = Topology.uniqueName("cross");
        Topology.declareScratch(connection, QueueSpec.classic(q, false));
        try (Channel raw = connection.createChannel()) {
            BrokerCrossCheck check = new BrokerCrossCheck();
            check.beforeIteration(null, MEASURED);
            Publisher.fill(connection, q, 100, 16, 0);
            raw.confirmSelect();
            for (int i = 0; i < 50; i++) {
                raw.basicPublish("", q, null, new byte[16]); // behind the suite's back
            }
            raw.waitForConfirmsOrDie(5_000);
            assertThatThrownBy(() -> check.afterIteration(null, MEASURED, null))
                    .hasMessageContaining(
                            "the broker counted 150 messages received (rabbitmq_global_messages_received_total) "
                                    + "where the client published 100: 50 apart");
        } finally {
            Topology.delete(connection, q);
        }
    }

    @Test
    void aQueueThatDropsMessagesFailsTheIteration() throws Exception {
        String q = Topology.uniqueName("cross");
        // A length limit of 10, dropping its head: the publisher is confirmed for every message regardless.
        Topology.declareScratch(
                connection,
                new QueueSpec(q, QueueType.CLASSIC, false, Optional.empty(), Overflow.DROP_HEAD),
                1 << 20,
                10);
        try {
            BrokerCrossCheck check = new BrokerCrossCheck();
            check.beforeIteration(null, MEASURED);
            Publisher.fill(connection, q, 100, 16, 0);
            assertThatThrownBy(() -> check.afterIteration(null, MEASURED, null))
                    .hasMessageContaining("the broker dropped 90 messages from a full queue");
        } finally {
            Topology.delete(connection, q);
        }
    }

    @Test
    void aTrialWhoseCountsTheBrokerContradictsFailsUnderJmh() throws Exception {
        // A real forked trial of PublishBenchmark while this JVM publishes to the same broker behind its back.
        Path uriFile = Files.createTempFile(
                run, "uri", ".txt", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(uriFile, TestBroker.uri().toString());
        try (Intruder intruder = Intruder.start()) {
            Path log = run.resolve("jmh.txt");
            var o = new OptionsBuilder()
                    .include("\\.PublishBenchmark\\.")
                    .forks(1)
                    .warmupIterations(0)
                    .output(log.toString())
                    .measurementIterations(2)
                    .measurementTime(TimeValue.seconds(1))
                    .shouldFailOnError(true)
                    .addProfiler(BrokerCrossCheck.class)
                    .jvmArgsAppend(
                            "-D" + BrokerSettings.URI_FILE + "=" + uriFile,
                            "-Drabbitmqjmh.csv=false",
                            "-D" + BrokerSettings.METRICS_URI + "=" + TestBroker.metrics());
            Map.of(
                            "messageSize",
                            "16",
                            "confirm",
                            "unary",
                            "batch",
                            "0",
                            "delivery",
                            "transient",
                            "queueType",
                            "classic",
                            "socketIo",
                            "classic",
                            "recording",
                            "off")
                    .forEach(o::param);
            assertThatThrownBy(() -> new Runner(o.build()).run()).isInstanceOf(RunnerException.class);
            assertThat(Files.readString(log))
                    .contains("broker cross-check: the broker counted")
                    .contains("(rabbitmq_global_messages_received_total) where the client published");
        }
    }

    private static Map<String, Double> scores(Collection<? extends Result> results) {
        return results.stream().collect(Collectors.toMap(Result::getLabel, Result::getScore));
    }
}
