package org.rabbitmqjmh.protocols;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.SocketIo;

/**
 * AMQP 0.9.1 with amqp-client, as the other protocols are driven: one channel in confirm mode, each
 * message's {@link Acks} answered by its publisher confirm (a multiple confirm answers every earlier
 * one); a consumer with manual acks and a prefetch. Transient messages, like the other protocols'
 * defaults. The suite's richer publish path ({@code engine.Publisher}: batches, transactions) is
 * {@code PublishBenchmark}'s; here the one thing that varies is the protocol.
 */
final class Amqp091Protocol implements ProtocolClient {

    private final URI uri;
    private final Optional<Path> ca;

    Amqp091Protocol(Endpoint endpoint, boolean tls) {
        this.uri = tls ? endpoint.amqps() : endpoint.amqp();
        this.ca = endpoint.ca();
    }

    @Override
    public MessageSender sender(Destination destination) {
        Connection c = Connections.open(uri, SocketIo.CLASSIC, "rabbitmq-jmh-protocol-sender", ca);
        try {
            Channel ch = c.createChannel();
            ch.confirmSelect();
            return new Sender(c, ch, destination.exchange(), destination.queue());
        } catch (IOException e) {
            Connections.closeQuietly(c);
            throw new BrokerException("amqp091: cannot open a confirming channel: " + e.getMessage(), e);
        }
    }

    private static final class Sender implements MessageSender {

        private final Connection connection;
        private final Channel channel;
        private final String exchange;
        private final String queue;
        /** Outstanding messages by delivery tag; confirms arrive on the connection's thread. */
        private final ConcurrentNavigableMap<Long, Acks> outstanding = new ConcurrentSkipListMap<>();

        Sender(Connection connection, Channel channel, String exchange, String queue) {
            this.connection = connection;
            this.channel = channel;
            this.exchange = exchange;
            this.queue = queue;
            channel.addConfirmListener(
                    (tag, multiple) -> settle(tag, multiple, null),
                    (tag, multiple) -> settle(tag, multiple, "amqp091: the broker nacked the message"));
            channel.addShutdownListener(cause -> {
                if (!cause.isInitiatedByApplication()) {
                    fail("amqp091: the channel closed: " + cause.getMessage());
                }
            });
        }

        private void settle(long tag, boolean multiple, String failure) {
            ConcurrentNavigableMap<Long, Acks> done =
                    multiple ? outstanding.headMap(tag, true) : outstanding.subMap(tag, true, tag, true);
            for (var it = done.entrySet().iterator(); it.hasNext(); ) {
                Acks a = it.next().getValue();
                it.remove();
                if (failure == null) {
                    a.acked();
                } else {
                    a.failed(failure);
                }
            }
        }

        private void fail(String why) {
            outstanding.values().forEach(a -> a.failed(why));
            outstanding.clear();
        }

        @Override
        public void send(byte[] body, Acks acks) throws IOException {
            outstanding.put(channel.getNextPublishSeqNo(), acks);
            channel.basicPublish(exchange, queue, false, null, body);
        }

        @Override
        public void close() {
            Connections.closeQuietly(connection);
        }
    }

    @Override
    public MessageReceiver receiver(Destination destination, Consumer<byte[]> onMessage, int prefetch) {
        Connection c = Connections.open(uri, SocketIo.CLASSIC, "rabbitmq-jmh-protocol-receiver", ca);
        try {
            Channel ch = c.createChannel();
            ch.basicQos(prefetch);
            // A stream is read from an offset (its first message: all of it is this trial's); the prefetch is required.
            Map<String, Object> args = destination.isStream() ? Map.of("x-stream-offset", "first") : Map.of();
            ch.basicConsume(destination.queue(), false, args, new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                        throws IOException {
                    onMessage.accept(body);
                    ch.basicAck(envelope.getDeliveryTag(), false);
                }
            });
            return () -> Connections.closeQuietly(c);
        } catch (IOException e) {
            Connections.closeQuietly(c);
            throw new BrokerException("amqp091: cannot consume from " + destination.queue() + ": " + e.getMessage(), e);
        }
    }
}
