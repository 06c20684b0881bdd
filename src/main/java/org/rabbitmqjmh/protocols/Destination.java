package org.rabbitmqjmh.protocols;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;

/**
 * Where a trial's messages go, from the publishing protocol to the consuming one (the same, or another):
 * one queue of the chosen type (classic non-durable, quorum, stream; the Streams protocol's always a
 * stream), declared over AMQP 0.9.1 by the one declaration path the suite has ({@link Topology}), so
 * every protocol measures the same queue; each protocol names it its own way ({@code /amq/queue/NAME}
 * for STOMP and AMQP 1.0). MQTT has no queues: an MQTT publisher sends to {@code amq.topic} with the
 * queue's name as the topic, so the queue of a non-MQTT consumer is bound there with that routing key;
 * an MQTT subscriber's own queue (which the broker makes) is the one drained, and the other protocols
 * then publish to {@code amq.topic} with the name as routing key ({@link #toTopic()}).
 */
public final class Destination implements AutoCloseable {

    static final long MAX_BYTES = 256L << 20;
    static final long MAX_MESSAGES = 200_000;
    static final String TOPIC_EXCHANGE = "amq.topic";

    private final Endpoint endpoint;
    private final String queue;
    /** The declared queue's type; null for an MQTT subscriber's own queue. */
    private final QueueType type;

    private Destination(Endpoint endpoint, String queue, QueueType type) {
        this.endpoint = endpoint;
        this.queue = queue;
        this.type = type;
    }

    /** One protocol both ways, on its usual queue: a classic one, or the Streams protocol's stream. */
    public static Destination open(Endpoint endpoint, Protocol protocol) {
        return open(endpoint, protocol, protocol, QueueType.CLASSIC);
    }

    /**
     * Declares the queue {@code publisher} sends to and {@code consumer} reads (none when the consumer is
     * MQTT), of the type {@link #queueType} decides.
     */
    public static Destination open(Endpoint endpoint, Protocol publisher, Protocol consumer, QueueType requested) {
        QueueType type = queueType(publisher, consumer, requested);
        String name = Topology.uniqueName(
                "protocol-" + publisher.label() + (consumer == publisher ? "" : "-to-" + consumer.label()));
        if (type == null) {
            return new Destination(endpoint, name, null);
        }
        Connection c = Connections.open(endpoint.amqp(), SocketIo.CLASSIC, "rabbitmq-jmh-declare");
        try {
            // Bounded, so a publisher faster than the consumer meets a full queue, not the memory alarm.
            QueueSpec spec = type == QueueType.CLASSIC ? QueueSpec.classic(name, false) : QueueSpec.of(name, type);
            Topology.declareScratch(c, spec, MAX_BYTES, MAX_MESSAGES);
            if (publisher.isMqtt()) {
                bindToTopic(c, name);
            }
        } finally {
            Connections.closeQuietly(c);
        }
        return new Destination(endpoint, name, type);
    }

    /**
     * The queue a publisher on {@code publisher} and a consumer on {@code consumer} share for the
     * requested type, or null for an MQTT subscriber's own; a pair that cannot work is refused in one
     * line naming what is allowed. One protocol both ways keeps its meaning: the Streams protocol's queue
     * is its stream whatever {@code requested} says, except quorum, which it cannot be.
     */
    public static QueueType queueType(Protocol publisher, Protocol consumer, QueueType requested) {
        String pair = publisher == consumer ? publisher.label() : publisher.label() + " to " + consumer.label();
        if (consumer.isMqtt()) {
            if (publisher == Protocol.STREAM) {
                throw new IllegalArgumentException(
                        "the stream protocol publishes to a stream only, which an MQTT subscriber"
                                + " cannot read; consumers allowed with protocol=stream: stream, amqp091, amqp10, amqp10-rabbitmq,"
                                + " stomp, web-stomp");
            }
            if (requested != QueueType.CLASSIC) {
                throw new IllegalArgumentException("queueType=" + requested.argument() + " means nothing for " + pair
                        + ": an MQTT subscriber reads the classic queue the broker makes for it; allowed: queueType=classic,"
                        + " or consumeWith=amqp091, amqp10, amqp10-rabbitmq, stomp or web-stomp to read from a "
                        + requested.argument() + " queue");
            }
            return null;
        }
        if (publisher == Protocol.STREAM && consumer == Protocol.STREAM) {
            if (requested == QueueType.QUORUM) {
                throw new IllegalArgumentException("the stream protocol reads and writes streams only; allowed with"
                        + " protocol=stream: queueType=classic (the default: its stream) or stream");
            }
            return QueueType.STREAM;
        }
        if ((publisher == Protocol.STREAM || consumer == Protocol.STREAM) && requested != QueueType.STREAM) {
            throw new IllegalArgumentException(pair + " needs a stream, not a " + requested.argument()
                    + " queue: the stream protocol reads and writes streams only; allowed: queueType=stream");
        }
        return requested;
    }

    private static void bindToTopic(Connection c, String name) {
        try (Channel ch = c.createChannel()) {
            ch.queueBind(name, TOPIC_EXCHANGE, name);
        } catch (IOException | TimeoutException | RuntimeException e) {
            Topology.delete(c, name);
            throw Connections.wrap("the broker refused to bind queue '" + name + "' to " + TOPIC_EXCHANGE, e);
        }
    }

    /** The queue's name (for MQTT, the topic's, and the routing key on {@code amq.topic}). */
    public String queue() {
        return queue;
    }

    /** True when the consumer is an MQTT subscriber: publishers send to {@code amq.topic}, key {@link #queue()}. */
    public boolean toTopic() {
        return type == null;
    }

    /** The exchange an AMQP publisher sends to: the default one (straight to the queue) or amq.topic. */
    public String exchange() {
        return toTopic() ? TOPIC_EXCHANGE : "";
    }

    /** True when the queue is a stream: a consumer other than the Streams protocol's gives an offset. */
    public boolean isStream() {
        return type == QueueType.STREAM;
    }

    /** The AMQP 1.0 and STOMP address of an existing queue. */
    public String amqQueueAddress() {
        return "/amq/queue/" + queue;
    }

    /** The AMQP 1.0 (v1) and STOMP address a sender sends to: the queue, or amq.topic with the name as key. */
    public String sendAddress() {
        return toTopic() ? "/exchange/" + TOPIC_EXCHANGE + "/" + queue : amqQueueAddress();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        if (type == null) {
            return;
        }
        Connection c = null;
        try {
            c = Connections.open(endpoint.amqp(), SocketIo.CLASSIC, "rabbitmq-jmh-delete");
            Topology.delete(c, queue); // its binding to amq.topic goes with it
        } catch (RuntimeException e) {
            // Topology.deleteLeftovers tries again at the trial's end; x-expires remains the safety net.
        } finally {
            Connections.closeQuietly(c);
        }
    }
}
