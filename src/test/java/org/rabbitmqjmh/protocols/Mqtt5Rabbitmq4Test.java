package org.rabbitmqjmh.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.benchmarks.JmhTrials;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.engine.MessageCodec;

/**
 * MQTT 5 on RabbitMQ 4 (the container execution's 4.0.5): every message sent over {@code mqtt5} and
 * {@code web-mqtt5} acknowledged by its PUBACK and received once with its body intact, at a Receive
 * Maximum of 1 (the client disconnects a broker that sends more) and of 50; and a short real
 * {@code ProtocolBenchmark} trial that scores with the broker's own counters witnessing it.
 */
class Mqtt5Rabbitmq4Test {

    static final int N = 500;

    @TempDir
    Path run;

    @ParameterizedTest(name = "{0} receive maximum {1}")
    @CsvSource({"mqtt5,1", "mqtt5,50", "web-mqtt5,50"})
    void everyMessageSentIsAcknowledgedAndReceivedOnceIntact(String label, int receiveMaximum) throws Exception {
        Protocol protocol = Protocol.parse(label);
        Broker broker = TestBroker.broker();
        protocol.requireBroker(broker.version());
        broker.enable(protocol.listeners(false));
        Endpoint endpoint = Endpoint.of(broker);
        ProtocolClient client = Protocols.client(protocol, endpoint, false);
        Map<Long, byte[]> sent = new ConcurrentHashMap<>();
        Map<Long, byte[]> received = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger altered = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(N);
        try (Destination destination = Destination.open(endpoint, protocol);
                MessageReceiver receiver = client.receiver(
                        destination,
                        body -> {
                            long id = MessageCodec.id(body);
                            if (received.putIfAbsent(id, body) != null) {
                                duplicates.incrementAndGet();
                            } else {
                                if (!Arrays.equals(body, sent.get(id))) {
                                    altered.incrementAndGet();
                                }
                                all.countDown();
                            }
                        },
                        receiveMaximum);
                MessageSender sender = client.sender(destination)) {
            CountDownLatch acked = new CountDownLatch(N);
            AtomicReference<String> failure = new AtomicReference<>();
            for (int i = 0; i < N; i++) {
                byte[] body = new byte[64 + i % 7]; // sizes vary: a body cut or padded shows
                MessageCodec.write(body, i, System.nanoTime());
                body[body.length - 1] = (byte) i;
                sent.put((long) i, body.clone());
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
            assertThat(all.await(30, TimeUnit.SECONDS))
                    .as("all %d received, got %d", N, received.size())
                    .isTrue();
            Thread.sleep(200);
            assertThat(duplicates.get()).isZero();
            assertThat(altered.get()).as("bodies changed on the way").isZero();
            assertThat(received.keySet()).isEqualTo(sent.keySet());
        }
    }

    @Test
    void aProtocolBenchmarkTrialScoresWitnessedByTheBrokersCounters() throws Exception {
        // What the launcher does before the first fork; a fork is only handed the ports.
        TestBroker.broker().enable(Protocol.MQTT5.listeners(false));
        Collection<RunResult> results = JmhTrials.run(
                run,
                "ProtocolBenchmark",
                Map.of("protocol", "mqtt5", "form", "streaming", "messageSize", "16", "window", "100", "tls", "off"),
                2);
        assertThat(results).hasSize(1);
        RunResult r = results.iterator().next();
        Map<String, Result> s = r.getSecondaryResults();
        assertThat(r.getPrimaryResult().getScore()).isPositive();
        assertThat(s.get("acknowledged").getScore()).isPositive();
        assertThat(s.get("consumed").getScore()).isPositive();
        // RabbitMQ 4 counts MQTT 5 under its own protocol label (mqtt50); the cross-check sums every label
        // and failed the trial had they disagreed beyond the window and the Receive Maximum in flight.
        assertThat(s.get("broker.received").getScore())
                .isCloseTo(s.get("client.published").getScore(), within(202.0));
        assertThat(s.get("broker.confirmed").getScore())
                .isCloseTo(s.get("client.confirmed").getScore(), within(202.0));
        assertThat(s.get("broker.delivered").getScore())
                .isPositive()
                .isCloseTo(s.get("client.received").getScore(), within(402.0));
        assertThat(s.get("broker.acked").getScore()).isPositive();
        assertThat(s.get("broker.dropped").getScore()).isZero();
        assertThat(s.get("e2e.p50").getScore()).isPositive();
        assertThat(s.get("confirm.p99").getScore()).isPositive();
    }
}
