package org.rabbitmqjmh.protocols;

import com.rabbitmq.client.amqp.AmqpException;
import com.rabbitmq.client.amqp.Connection;
import com.rabbitmq.client.amqp.ConsumerBuilder;
import com.rabbitmq.client.amqp.Environment;
import com.rabbitmq.client.amqp.Publisher;
import com.rabbitmq.client.amqp.PublisherBuilder;
import com.rabbitmq.client.amqp.impl.AmqpEnvironmentBuilder;
import java.time.Duration;
import java.util.function.Consumer;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.Listener;

/**
 * AMQP 1.0 with RabbitMQ's own client ({@code com.rabbitmq.client:amqp-client}), which speaks to
 * RabbitMQ 4.0 and later only: AMQP 1.0 in the broker's core, queues addressed as {@code /queues/NAME}
 * (address v2). Beside {@link Amqp10Protocol} (Qpid protonj2, any AMQP 1.0 broker) it shows what the
 * client RabbitMQ recommends costs and gets. The publisher's outcome arrives in a callback (Accepted:
 * the broker took responsibility, as a publisher confirm); how many may be outstanding is the trial's
 * window, never the client's own limit; for an MQTT consumer it publishes to {@code amq.topic}. The
 * consumer's initial credits are the prefetch (on a stream, from its first offset), each message
 * accepted after the callback. No recovery: a trial whose connection fails fails.
 */
final class RabbitAmqpProtocol implements ProtocolClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final Endpoint endpoint;

    RabbitAmqpProtocol(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** A connection with the environment that owns its threads; one each, so closing one closes all. */
    private record Connected(Environment environment, Connection connection) {

        void close(AutoCloseable link) {
            quietly(link);
            quietly(connection);
            quietly(environment);
        }

        private static void quietly(AutoCloseable c) {
            if (c == null) {
                return;
            }
            try {
                c.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }

    private Connected connect() {
        String where = endpoint.hostForUri() + ":" + endpoint.port(Listener.AMQP10);
        Environment environment = new AmqpEnvironmentBuilder().build();
        try {
            Connection connection = environment
                    .connectionBuilder()
                    .host(endpoint.host())
                    .port(endpoint.port(Listener.AMQP10))
                    .username(endpoint.user())
                    .password(endpoint.password())
                    .virtualHost(endpoint.vhost())
                    .recovery()
                    .activated(false)
                    .connectionBuilder()
                    .build();
            return new Connected(environment, connection);
        } catch (RuntimeException e) {
            environment.close();
            throw new BrokerException("amqp10-rabbitmq: cannot connect to " + where + " as " + endpoint.user() + ": "
                    + Failures.oneLine(e) + " (RabbitMQ's AMQP 1.0 client needs RabbitMQ 4.0 or later)");
        }
    }

    @Override
    public MessageSender sender(Destination destination) {
        Connected c = connect();
        Publisher publisher;
        try {
            PublisherBuilder b = c.connection().publisherBuilder().publishTimeout(TIMEOUT);
            publisher = (destination.toTopic()
                            ? b.exchange(destination.exchange()).key(destination.queue())
                            : b.queue(destination.queue()))
                    .build();
        } catch (RuntimeException e) {
            c.close(null);
            throw new BrokerException("amqp10-rabbitmq: cannot open a publisher to queue '" + destination.queue()
                    + "': " + Failures.oneLine(e));
        }
        return new MessageSender() {
            @Override
            public void send(byte[] body, Acks acks) {
                try {
                    // Not durable, as the other protocols' messages here: the queue's type and durability decide.
                    publisher.publish(publisher.message(body).durable(false), context -> {
                        if (context.status() == Publisher.Status.ACCEPTED) {
                            acks.acked();
                        } else {
                            acks.failed("amqp10-rabbitmq: the broker settled the message as " + context.status()
                                    + (context.failureCause() == null
                                            ? ""
                                            : ": " + Failures.oneLine(context.failureCause())));
                        }
                    });
                } catch (AmqpException e) {
                    throw new BrokerException("amqp10-rabbitmq: cannot send: " + Failures.oneLine(e), e);
                }
            }

            @Override
            public void close() {
                c.close(publisher);
            }
        };
    }

    @Override
    public MessageReceiver receiver(Destination destination, Consumer<byte[]> onMessage, int prefetch) {
        Connected c = connect();
        com.rabbitmq.client.amqp.Consumer consumer;
        try {
            ConsumerBuilder b = c.connection()
                    .consumerBuilder()
                    .queue(destination.queue())
                    .initialCredits(prefetch)
                    .messageHandler((context, message) -> {
                        onMessage.accept(message.body());
                        context.accept();
                    });
            if (destination.isStream()) {
                b.stream().offset(ConsumerBuilder.StreamOffsetSpecification.FIRST); // a stream is read from an offset
            }
            consumer = b.build();
        } catch (RuntimeException e) {
            c.close(null);
            throw new BrokerException(
                    "amqp10-rabbitmq: cannot consume from queue '" + destination.queue() + "': " + Failures.oneLine(e));
        }
        return () -> c.close(consumer);
    }
}
