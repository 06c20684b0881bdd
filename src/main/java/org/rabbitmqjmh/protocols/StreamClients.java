package org.rabbitmqjmh.protocols;

import com.rabbitmq.client.Connection;
import com.rabbitmq.stream.ConsumerBuilder;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Message;
import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.ProducerBuilder;
import java.util.ArrayList;
import java.util.List;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.MessageCodec;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;
import org.rabbitmqjmh.engine.consume.SequenceCheck;

/**
 * A trial's stream, or super stream, and the stream clients that use its {@link StreamFeatures}: each
 * producer on an environment (a connection) of its own, as in {@link StreamsProtocol}; the consumers on
 * one environment, reading from the first offset. The stream (or the super stream's exchange and
 * partitions) is declared over AMQP 0.9.1 through {@link Topology}, bounded like every scratch queue,
 * and deleted at {@link #close()}.
 */
public final class StreamClients implements AutoCloseable {

    /** The filter value of the messages a filtering consumer asks for; every other message carries "other". */
    static final String WANTED = "wanted";

    private static final String OTHER = "other";

    /**
     * Each stream's retention: far above what a trial writes (tens of MB/s for seconds), so a consumer that
     * lags never loses a message to retention and shows a gap that is not the broker's. Deleted at the end.
     */
    static final long MAX_BYTES = 2L << 30;

    private final Endpoint endpoint;
    private final StreamFeatures features;
    private final String name;
    private final List<String> streams;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private StreamClients(Endpoint endpoint, StreamFeatures features, String name, List<String> streams) {
        this.endpoint = endpoint;
        this.features = features;
        this.name = name;
        this.streams = streams;
    }

    /** Declares the trial's stream, or super stream of {@code features.partitions()} streams. */
    public static StreamClients open(Endpoint endpoint, StreamFeatures features) {
        String name = Topology.uniqueName(features.partitions() > 0 ? "superstream" : "stream");
        Connection c = Connections.open(endpoint.amqp(), SocketIo.CLASSIC, "rabbitmq-jmh-declare");
        try {
            List<String> streams = features.partitions() > 0
                    ? Topology.declareSuperStream(c, name, features.partitions(), MAX_BYTES)
                    : declareStream(c, name);
            return new StreamClients(endpoint, features, name, streams);
        } finally {
            Connections.closeQuietly(c);
        }
    }

    private static List<String> declareStream(Connection c, String name) {
        Topology.declareScratch(c, QueueSpec.of(name, QueueType.STREAM), MAX_BYTES, 0);
        return List.of(name);
    }

    /** The streams that hold the messages: the one stream, or the partitions. */
    public List<String> streams() {
        return streams;
    }

    /**
     * A producer on an environment of its own: to the stream, or to the super stream routed by a hash of
     * the message id; with the filter value, or in sub-entry batches with the compression.
     */
    public MessageSender sender() {
        Environment env = track(StreamEnvironment.open(endpoint, false));
        try {
            ProducerBuilder b = StreamSender.builder(env);
            b = features.partitions() > 0
                    ? b.superStream(name)
                            .routing(m -> Long.toString(MessageCodec.id(m.getBodyAsBinary())))
                            .producerBuilder()
                    : b.stream(name);
            if (features.filter().any()) {
                b = b.filterValue(m -> features.wanted(sequence(m)) ? WANTED : OTHER);
            }
            if (features.subEntry() > 1) {
                b = b.subEntrySize(features.subEntry()).compression(features.compression());
            }
            return new StreamSender(env, track(b.build()));
        } catch (RuntimeException e) {
            Connections.closeQuietly(env);
            throw new BrokerException("stream: cannot publish to " + name + ": " + Failures.rootLine(e));
        }
    }

    /**
     * The trial's consumers, on one environment, each reading from the first offset: in one
     * single-active group named after the stream, or each on its own. {@code delivered} hears every
     * message the broker sent a consumer (its index, the body), before a filter's client-side check;
     * {@code onMessage} those that pass it.
     */
    public void consumers(DeliveryListener delivered, ConsumerListener onMessage) {
        Environment env = track(StreamEnvironment.open(endpoint, false));
        try {
            for (int i = 0; i < features.consumers(); i++) {
                track(consumer(env, i, delivered, onMessage).build());
            }
        } catch (RuntimeException e) {
            throw new BrokerException("stream: cannot consume from " + name + ": " + Failures.rootLine(e));
        }
    }

    private ConsumerBuilder consumer(
            Environment env, int index, DeliveryListener delivered, ConsumerListener onMessage) {
        ConsumerBuilder b = features.partitions() > 0
                ? env.consumerBuilder().superStream(name)
                : env.consumerBuilder().stream(name);
        b = b.offset(OffsetSpecification.first());
        if (features.singleActive()) {
            // The group hands a stream from one consumer to the next (as each joins, the broker may move a
            // partition to it): with the client's automatic offset tracking the one that steps down
            // stores where it stopped and the next starts there, as an application's group would.
            b = b.name(name + "-group").singleActiveConsumer();
        } else {
            b = b.noTrackingStrategy();
        }
        if (features.filter().any()) {
            b = b.filter()
                    .values(WANTED)
                    .postFilter(m -> {
                        delivered.delivered(index);
                        return features.wanted(sequence(m));
                    })
                    .builder();
            return b.messageHandler((context, message) -> onMessage.accept(index, message.getBodyAsBinary()));
        }
        return b.messageHandler((context, message) -> {
            delivered.delivered(index);
            onMessage.accept(index, message.getBodyAsBinary());
        });
    }

    private static long sequence(Message m) {
        return MessageCodec.id(m.getBodyAsBinary()) & ((1L << SequenceCheck.PUBLISHER_SHIFT) - 1);
    }

    private <T extends AutoCloseable> T track(T resource) {
        synchronized (opened) {
            opened.add(resource);
        }
        return resource;
    }

    /** Closes the consumers and producers still open, then deletes the stream or the partitions (and so the exchange). */
    @Override
    public void close() {
        List<AutoCloseable> all;
        synchronized (opened) {
            all = new ArrayList<>(opened);
            opened.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Connections.closeQuietly(all.get(i));
        }
        Connection c = null;
        try {
            c = Connections.open(endpoint.amqp(), SocketIo.CLASSIC, "rabbitmq-jmh-delete");
            for (String stream : streams) {
                Topology.delete(c, stream);
            }
        } catch (RuntimeException e) {
            // Topology.deleteLeftovers tries again at the trial's end.
        } finally {
            Connections.closeQuietly(c);
        }
    }

    /** Hears a delivery to consumer {@code index} before any client-side filter. */
    @FunctionalInterface
    public interface DeliveryListener {
        void delivered(int index);
    }

    /** Hears a message consumer {@code index} accepted. */
    @FunctionalInterface
    public interface ConsumerListener {
        void accept(int index, byte[] body);
    }
}
