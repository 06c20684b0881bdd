package org.rabbitmqjmh.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.engine.MessageCodec;

/**
 * Every protocol against a real node: N messages sent, every one acknowledged by the broker, every one
 * received once, with the body intact.
 */
class ProtocolsTest {

    static final int N = 500;

    @ParameterizedTest(name = "{0} tls={1}")
    @CsvSource({
        "amqp091,false",
        "amqp091,true",
        "stream,false",
        "stream,true",
        "mqtt,false",
        "web-mqtt,false",
        "stomp,false",
        "web-stomp,false",
        "amqp10,false",
        "amqp10-rabbitmq,false"
    })
    void everyMessageSentIsAcknowledgedAndReceivedOnce(String label, boolean tls) throws Exception {
        Protocol protocol = Protocol.parse(label);
        Broker broker = TestBroker.broker();
        // RabbitMQ's own AMQP 1.0 client speaks to 4.0 and later: the container execution's image.
        Assumptions.assumeTrue(
                protocol != Protocol.AMQP10_RABBITMQ
                        || Integer.parseInt(broker.version().split("\\.")[0]) >= 4,
                label + " needs RabbitMQ 4.0 or later, the broker is " + broker.version());
        broker.enable(protocol.listeners(tls));
        Endpoint endpoint = Endpoint.of(broker);
        ProtocolClient client = Protocols.client(protocol, endpoint, tls);
        Set<Long> received = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(N);
        try (Destination destination = Destination.open(endpoint, protocol);
                MessageReceiver receiver = client.receiver(
                        destination,
                        body -> {
                            assertThat(body).hasSize(64);
                            if (received.add(MessageCodec.id(body))) {
                                all.countDown();
                            } else {
                                duplicates.incrementAndGet();
                            }
                        },
                        50);
                MessageSender sender = client.sender(destination)) {
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
            assertThat(all.await(30, TimeUnit.SECONDS))
                    .as("all %d received, got %d", N, received.size())
                    .isTrue();
            Thread.sleep(200);
            assertThat(duplicates.get()).isZero();
            assertThat(received).hasSize(N);
        }
    }
}
