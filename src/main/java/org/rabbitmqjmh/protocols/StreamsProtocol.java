package org.rabbitmqjmh.protocols;

import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.OffsetSpecification;
import java.util.function.Consumer;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.engine.Connections;

/**
 * RabbitMQ's Streams protocol with its own Java client (stream-client), each sender and receiver on an
 * environment (and so a connection) of its own; the producer is a {@link StreamSender}. A stream consumer does not
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
            return new StreamSender(
                    env, StreamSender.builder(env).stream(destination.queue()).build());
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
