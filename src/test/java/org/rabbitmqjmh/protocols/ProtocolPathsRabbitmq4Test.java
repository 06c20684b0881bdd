package org.rabbitmqjmh.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.benchmarks.JmhTrials;
import org.rabbitmqjmh.benchmarks.protocols.ProtocolBenchmark;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.Listener;
import org.rabbitmqjmh.engine.MessageCodec;
import org.rabbitmqjmh.engine.QueueType;

/**
 * The AMQP clients on every queue type, and one protocol publishing to another's consumer, on RabbitMQ
 * 4.0: N messages sent, every one acknowledged by the broker, every one received once, intact; short
 * real ProtocolBenchmark trials that score and pass the broker cross-check; a pair that cannot work
 * refused in one line.
 */
class ProtocolPathsRabbitmq4Test {

    static final int N = 500;

    @TempDir
    Path run;

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "amqp091,classic",
        "amqp091,quorum",
        "amqp091,stream",
        "amqp10,classic",
        "amqp10,quorum",
        "amqp10,stream",
        "amqp10-rabbitmq,classic",
        "amqp10-rabbitmq,quorum",
        "amqp10-rabbitmq,stream"
    })
    void eachQueueTypeTakesAndGivesEveryMessageOnce(String label, String queueType) throws Exception {
        Protocol p = Protocol.parse(label);
        sendAndReceiveEachOnce(p, p, QueueType.parse(queueType), true);
    }

    /** A consumer of a stream reads it from its first offset: all of it, though it subscribed after the sends. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"amqp091", "amqp10", "amqp10-rabbitmq", "stomp"})
    void aStreamIsReadFromItsFirstMessage(String label) throws Exception {
        Protocol p = Protocol.parse(label);
        sendAndReceiveEachOnce(p, p, QueueType.STREAM, false);
    }

    @ParameterizedTest(name = "{0} to {1} on {2}")
    @CsvSource({
        "mqtt,amqp091,classic",
        "amqp091,mqtt,classic",
        "stomp,amqp10,classic",
        "amqp10,stream,stream",
        "mqtt,amqp10-rabbitmq,quorum",
        "amqp10-rabbitmq,mqtt,classic",
        "stream,amqp091,stream",
        "mqtt,stream,stream"
    })
    void oneProtocolPublishesAnotherConsumesEveryMessageOnce(String from, String to, String queueType)
            throws Exception {
        sendAndReceiveEachOnce(Protocol.parse(from), Protocol.parse(to), QueueType.parse(queueType), true);
    }

    private static void sendAndReceiveEachOnce(Protocol from, Protocol to, QueueType type, boolean subscribeFirst)
            throws Exception {
        Broker broker = TestBroker.broker();
        broker.enable(from.listeners(false));
        broker.enable(to.listeners(false));
        Endpoint endpoint = Endpoint.of(broker);
        Set<Long> received = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(N);
        Consumer<byte[]> onMessage = body -> {
            assertThat(body).hasSize(64);
            if (received.add(MessageCodec.id(body))) {
                all.countDown();
            } else {
                duplicates.incrementAndGet();
            }
        };
        ProtocolClient consumer = Protocols.client(to, endpoint, false);
        MessageReceiver receiver = null;
        try (Destination destination = Destination.open(endpoint, from, to, type);
                MessageSender sender = Protocols.client(from, endpoint, false).sender(destination)) {
            if (subscribeFirst) {
                receiver = consumer.receiver(destination, onMessage, 50);
            }
            sendAll(sender);
            if (!subscribeFirst) {
                receiver = consumer.receiver(destination, onMessage, 50);
            }
            assertThat(all.await(30, TimeUnit.SECONDS))
                    .as("all %d received, got %d", N, received.size())
                    .isTrue();
            Thread.sleep(200);
            assertThat(duplicates.get()).isZero();
            assertThat(received).hasSize(N);
        } finally {
            if (receiver != null) {
                receiver.close();
            }
        }
    }

    /** Sends N messages and waits until the broker has acknowledged every one. */
    private static void sendAll(MessageSender sender) throws Exception {
        CountDownLatch acked = new CountDownLatch(N);
        AtomicReference<String> failure = new AtomicReference<>();
        for (int i = 0; i < N; i++) {
            byte[] body = new byte[64];
            MessageCodec.write(body, i, System.nanoTime());
            sender.send(body, new Acks() {
                @Override
                public void acked() {
                    acked.countDown();
                }

                @Override
                public void failed(String why) {
                    failure.set(why);
                }
            });
        }
        assertThat(acked.await(30, TimeUnit.SECONDS))
                .as("all %d acknowledged (failure: %s)", N, failure.get())
                .isTrue();
        assertThat(failure.get()).isNull();
    }

    @Test
    void shortTrialsScoreAndPassTheBrokerCrossCheck() throws Exception {
        // The fork finds the broker at a URI, which it never reconfigures: the launcher's part, done here.
        TestBroker.broker().enable(List.of(Listener.MQTT, Listener.STREAM));
        assertTrial(Map.of("protocol", "mqtt", "queueType", "classic", "consumeWith", "amqp091"));
        assertTrial(Map.of("protocol", "amqp10-rabbitmq", "queueType", "quorum", "consumeWith", "same"));
        assertTrial(Map.of("protocol", "amqp091", "queueType", "stream", "consumeWith", "same"));
        assertTrial(Map.of("protocol", "amqp10", "queueType", "stream", "consumeWith", "stream"));
    }

    private void assertTrial(Map<String, String> point) throws Exception {
        Map<String, String> params = new HashMap<>(point);
        params.putAll(
                Map.of("form", "streaming", "messageSize", "16", "window", "100", "tls", "off", "credits", "200"));
        Collection<RunResult> results = JmhTrials.run(run, ProtocolBenchmark.class.getName(), params, 2);
        assertThat(results).hasSize(1);
        RunResult r = results.iterator().next();
        Map<String, Result> s = r.getSecondaryResults();
        assertThat(r.getPrimaryResult().getScore()).as("%s", point).isPositive();
        assertThat(s.get("consumed").getScore()).as("%s consumed", point).isPositive();
        // The cross-check fails a trial beyond the in-flight bounds; here its counts are present and agree.
        assertThat(s.get("broker.received").getScore())
                .isCloseTo(s.get("client.published").getScore(), within(202.0));
        assertThat(s.get("broker.delivered").getScore()).isPositive();
        assertThat(s.get("e2e.p50").getScore()).isPositive();
    }

    @Test
    void aPairThatCannotWorkIsRefusedInOneLine() {
        ProtocolBenchmark b = new ProtocolBenchmark();
        b.protocol = "amqp091";
        b.consumeWith = "stream";
        b.form = "unary";
        b.messageSize = 16;
        b.window = 100;
        b.tls = "off";
        b.queueType = "classic";
        b.credits = 200;
        assertThatThrownBy(b::checkParams)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "amqp091 to stream needs a stream, not a classic queue: the stream protocol reads and writes"
                                + " streams only; allowed: queueType=stream");
        b.protocol = "mqtt";
        b.consumeWith = "same";
        b.queueType = "quorum";
        assertThatThrownBy(b::checkParams)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("\n")
                .hasMessageContaining("allowed: queueType=classic");
        b.protocol = "amqp091";
        b.consumeWith = "nope";
        b.queueType = "classic";
        assertThatThrownBy(b::checkParams)
                .hasMessageStartingWith("consumeWith: unknown protocol 'nope'; allowed: same,");
    }
}
