package org.rabbitmqjmh.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.engine.consume.AckMode;
import org.rabbitmqjmh.engine.consume.ConsumeCounts;
import org.rabbitmqjmh.engine.consume.ConsumeSettings;
import org.rabbitmqjmh.engine.consume.ConsumeStyle;
import org.rabbitmqjmh.engine.consume.IdLedger;
import org.rabbitmqjmh.engine.consume.QueueConsumer;
import org.rabbitmqjmh.engine.consume.Work;
import org.rabbitmqjmh.engine.publish.ConfirmMode;
import org.rabbitmqjmh.engine.publish.PublishCounts;
import org.rabbitmqjmh.engine.publish.PublishSettings;
import org.rabbitmqjmh.engine.publish.Publisher;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/** The publish and consume paths against a real broker: every message is accounted for. */
class EngineTest {

    private static Connection connection;

    @BeforeAll
    static void connect() {
        connection = Connections.open(TestBroker.uri(), SocketIo.CLASSIC, "engine-test");
    }

    @AfterAll
    static void disconnect() {
        Connections.closeQuietly(connection);
    }

    static Stream<Arguments> confirmModes() {
        List<Arguments> a = new ArrayList<>();
        for (ConfirmMode m : ConfirmMode.values()) {
            for (int batch : new int[] {0, 1, 100}) {
                a.add(Arguments.of(m, batch));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} batch {1}")
    @MethodSource("confirmModes")
    void eachConfirmStrategyDeliversAndAccountsForEveryMessage(ConfirmMode mode, int batch) throws Exception {
        String q = Topology.uniqueName("confirm");
        Topology.declareScratch(connection, QueueSpec.classic(q, true));
        try {
            int n = 530;
            TimingRecorder rec = TimingRecorder.withCapacity(n);
            Latency latency = new Latency();
            try (Publisher p = new Publisher(
                    connection, q, PublishSettings.of(64, mode, batch, true), 1_000, rec, latency, SocketIo.CLASSIC)) {
                for (int i = 0; i < n; i++) {
                    p.publish();
                }
                p.flush();
                PublishCounts c = p.counts();
                assertThat(c.published()).isEqualTo(n);
                assertThat(c.nacked()).isZero();
                assertThat(c.returned()).isZero();
                assertThat(c.confirmed()).isEqualTo(mode == ConfirmMode.NONE ? 0 : n);
            }
            TimingRecorder.Rows rows = rec.snapshot();
            assertThat(rows.size()).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                assertThat(rows.ids()[i]).isEqualTo(1_000 + i);
                if (mode != ConfirmMode.NONE) {
                    assertThat(rows.seconds()[i])
                            .as("confirm time of row %d", i)
                            .isGreaterThanOrEqualTo(rows.firsts()[i]);
                }
            }
            assertThat(latency.histogram().getTotalCount()).isEqualTo(mode == ConfirmMode.NONE ? 0 : n);
            assertConsumedExactlyOnce(q, 1_000, n, ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.EACH, 100));
        } finally {
            Topology.delete(connection, q);
        }
    }

    static Stream<Arguments> consumeStyles() {
        List<Arguments> a = new ArrayList<>();
        for (ConsumeStyle s : ConsumeStyle.values()) {
            for (AckMode ack : AckMode.values()) {
                if (s == ConsumeStyle.WORKER_POOL && ack == AckMode.MULTIPLE) {
                    continue;
                }
                // QoS applies to push deliveries awaiting an ack: elsewhere only prefetch 0 (unlimited) is allowed.
                boolean qos = s != ConsumeStyle.POLLING && ack != AckMode.AUTO;
                for (int prefetch : qos ? new int[] {1, 100} : new int[] {0}) {
                    a.add(Arguments.of(s, ack, prefetch));
                }
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} ack {1} prefetch {2}")
    @MethodSource("consumeStyles")
    void eachConsumerStyleAndAckModeConsumesEveryMessageExactlyOnce(ConsumeStyle style, AckMode ack, int prefetch)
            throws Exception {
        String q = Topology.uniqueName("consume");
        Topology.declareScratch(connection, QueueSpec.classic(q, false));
        try {
            int n = 350;
            publish(q, 1, n);
            ConsumeSettings s = ConsumeSettings.of(style, ack, prefetch);
            assertConsumedExactlyOnce(q, 1, n, s);
            assertThat(Topology.messageCount(connection, q)).isZero();
        } finally {
            Topology.delete(connection, q);
        }
    }

    @Test
    void nettyTransportPublishesAndConsumes() throws Exception {
        try (Connection netty = Connections.open(TestBroker.uri(), SocketIo.NETTY, "engine-netty")) {
            String q = Topology.uniqueName("netty");
            Topology.declareScratch(netty, QueueSpec.classic(q, false));
            try {
                try (Publisher p = new Publisher(
                        netty,
                        q,
                        PublishSettings.of(1024, ConfirmMode.ASYNC_WINDOW, 50, false),
                        1,
                        TimingRecorder.off(),
                        new Latency(),
                        SocketIo.NETTY)) {
                    for (int i = 0; i < 400; i++) {
                        p.publish();
                    }
                    p.flush();
                    assertThat(p.counts().confirmed()).isEqualTo(400);
                }
                IdLedger ledger = new IdLedger(1, 400);
                try (QueueConsumer c = new QueueConsumer(
                                netty,
                                q,
                                QueueType.CLASSIC,
                                ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.MULTIPLE, 50),
                                TimingRecorder.off(),
                                new Latency(),
                                ledger)
                        .started()) {
                    c.consume(400);
                }
                assertThat(ledger.missing()).isZero();
            } finally {
                Topology.delete(netty, q);
            }
        }
    }

    @Test
    void nacksFromAFullRejectPublishQueueAreCountedNotHidden() throws Exception {
        String q = Topology.uniqueName("nack");
        Topology.declareScratch(connection, QueueSpec.classic(q, false).withMaxLength(10, Overflow.REJECT_PUBLISH));
        try (Publisher p = new Publisher(
                connection,
                q,
                PublishSettings.of(16, ConfirmMode.ASYNC_WINDOW, 5, false),
                1,
                TimingRecorder.off(),
                new Latency(),
                SocketIo.CLASSIC)) {
            for (int i = 0; i < 50; i++) {
                p.publish();
            }
            p.flush();
            assertThat(p.counts().confirmed()).isEqualTo(10);
            assertThat(p.counts().nacked()).isEqualTo(40);
        } finally {
            Topology.delete(connection, q);
        }
    }

    @Test
    void unroutableMessagesAreCountedAsReturned() throws Exception {
        try (Publisher p = new Publisher(
                connection,
                Topology.uniqueName("nowhere"),
                PublishSettings.of(16, ConfirmMode.UNARY, 0, false),
                1,
                TimingRecorder.off(),
                new Latency(),
                SocketIo.CLASSIC)) {
            for (int i = 0; i < 7; i++) {
                p.publish();
            }
            p.flush();
            assertThat(p.counts().returned()).isEqualTo(7);
        }
    }

    @Test
    void quorumAndStreamQueuesCarryEveryMessage() throws Exception {
        for (QueueType type : List.of(QueueType.QUORUM, QueueType.STREAM)) {
            String q = Topology.uniqueName(type.argument());
            Topology.declareScratch(connection, QueueSpec.of(q, type));
            try {
                publish(q, 1, 200);
                IdLedger ledger = new IdLedger(1, 200);
                try (QueueConsumer c = new QueueConsumer(
                                connection,
                                q,
                                type,
                                ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.EACH, 50),
                                TimingRecorder.off(),
                                new Latency(),
                                ledger)
                        .started()) {
                    c.consume(200);
                }
                assertThat(ledger.missing()).as(type.name()).isZero();
            } finally {
                Topology.delete(connection, q);
            }
        }
    }

    @Test
    void aConsumerWaitingForMessagesThatNeverComeTimesOut() throws Exception {
        String q = Topology.uniqueName("idle");
        Topology.declareScratch(connection, QueueSpec.classic(q, false));
        try (QueueConsumer c = new QueueConsumer(
                        connection,
                        q,
                        QueueType.CLASSIC,
                        ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.EACH, 10)
                                .withIdleTimeout(Duration.ofSeconds(1)),
                        TimingRecorder.off(),
                        new Latency(),
                        null)
                .started()) {
            assertThatThrownBy(() -> c.consume(5))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("consumed 0 of 5");
        } finally {
            Topology.delete(connection, q);
        }
    }

    @Test
    void settingsThatCannotWorkAreRefusedWithTheAllowedValues() {
        assertThatThrownBy(() -> PublishSettings.of(8, ConfirmMode.NONE, 0, false))
                .hasMessageContaining("at least 16");
        assertThatThrownBy(() -> new ConsumeSettings(
                        ConsumeStyle.CALLBACK,
                        AckMode.MULTIPLE,
                        10,
                        20,
                        1,
                        Work.NONE,
                        ConsumeSettings.DEFAULT_IDLE_TIMEOUT))
                .hasMessageContaining("allowed: 1..10");
        assertThatThrownBy(() -> ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.AUTO, 100))
                .hasMessage(
                        "prefetch 100 does nothing with ack auto: the broker applies QoS only to deliveries awaiting an "
                                + "ack; allowed with ack auto: prefetch 0 (unlimited), or use ack each or multiple");
        assertThatThrownBy(() -> ConsumeSettings.of(ConsumeStyle.POLLING, AckMode.EACH, 10))
                .hasMessageContaining("allowed with polling: prefetch 0");
        assertThatThrownBy(() -> ConsumeStyle.parse("magic"))
                .hasMessageContaining("allowed: polling, blocking-handoff");
    }

    private static void publish(String q, long firstId, int n) throws Exception {
        Publisher.fill(connection, q, n, 32, firstId);
    }

    private static void assertConsumedExactlyOnce(String q, long firstId, int n, ConsumeSettings s) throws Exception {
        IdLedger ledger = new IdLedger(firstId, n);
        TimingRecorder rec = TimingRecorder.withCapacity(n);
        Latency latency = new Latency();
        ConsumeCounts counts;
        try (QueueConsumer c = new QueueConsumer(connection, q, QueueType.CLASSIC, s, rec, latency, ledger).started()) {
            c.consume(n);
            counts = c.counts();
        }
        assertThat(ledger.missing()).as("missing ids").isZero();
        assertThat(counts.duplicates()).as("duplicates").isZero();
        assertThat(counts.consumed()).isEqualTo(n);
        assertThat(counts.acked()).isEqualTo(n);
        assertThat(latency.histogram().getTotalCount()).isEqualTo(n);
        TimingRecorder.Rows rows = rec.snapshot();
        assertThat(rows.size()).isEqualTo(n);
        if (s.ackMode() != AckMode.AUTO) {
            for (int i = 0; i < n; i++) {
                assertThat(rows.seconds()[i]).as("ack time of row %d", i).isGreaterThanOrEqualTo(rows.firsts()[i]);
            }
        }
    }
}
