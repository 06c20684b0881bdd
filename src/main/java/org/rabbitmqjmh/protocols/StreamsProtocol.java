package org.rabbitmqjmh.protocols;

import com.rabbitmq.stream.ConfirmationStatus;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.Producer;
import java.util.function.Consumer;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.engine.Connections;

/**
 * RabbitMQ's Streams protocol with its own Java client (stream-client), each sender and receiver on an
 * environment (and so a connection) of its own. The producer sends as soon as it can ({@code
 * dynamicBatch}): the default 100 ms batching delay would make every unary send wait for it. Its own
 * limit on unconfirmed messages sits far above any window a trial uses. A stream consumer does not
 * acknowledge: it reads from the stream's first offset with the broker's chunk credits as its flow
 * control, so {@code prefetch} has no equivalent here.
 */
final class StreamsProtocol implements ProtocolClient {

    private final Endpoint endpoint;
    private final boolean tls;

    StreamsProtocol(Endpoint endpoint, boolean tls) {
        this.endpoint = endpoint;
        this.tls = tls;
    }

    @Override
    public MessageSender sender(Destination destination) {
        Environment env = StreamEnvironment.open(endpoint, tls);
        try {
            Producer producer = env.producerBuilder().stream(destination.queue())
                    .dynamicBatch(true)
                    .maxUnconfirmedMessages(100_000)
                    .confirmTimeout(StreamEnvironment.TIMEOUT)
                    .enqueueTimeout(StreamEnvironment.TIMEOUT)
                    .build();
            return new MessageSender() {
                @Override
                public void send(byte[] body, Acks acks) {
                    producer.send(producer.messageBuilder().addData(body).build(), (ConfirmationStatus s) -> {
                        if (s.isConfirmed()) {
                            acks.acked();
                        } else {
                            acks.failed("stream: the broker did not confirm the message (code " + s.getCode() + ")");
                        }
                    });
                }

                @Override
                public void close() {
                    Connections.closeQuietly(producer);
                    Connections.closeQuietly(env);
                }
            };
        } catch (RuntimeException e) {
            Connections.closeQuietly(env);
            throw new BrokerException("stream: cannot publish to " + destination.queue() + ": " + Failures.rootLine(e));
        }
    }

    @Override
    public MessageReceiver receiver(Destination destination, Consumer<byte[]> onMessage, int prefetch) {
        Environment env = StreamEnvironment.open(endpoint, tls);
        try {
            com.rabbitmq.stream.Consumer consumer = env.consumerBuilder().stream(destination.queue())
                    .offset(OffsetSpecification.first())
                    .noTrackingStrategy()
                    .messageHandler((context, message) -> onMessage.accept(message.getBodyAsBinary()))
                    .build();
            return () -> {
                Connections.closeQuietly(consumer);
                Connections.closeQuietly(env);
            };
        } catch (RuntimeException e) {
            Connections.closeQuietly(env);
            throw new BrokerException(
                    "stream: cannot consume from " + destination.queue() + ": " + Failures.rootLine(e));
        }
    }
}
