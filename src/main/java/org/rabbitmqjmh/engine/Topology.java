package org.rabbitmqjmh.engine;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Declares and deletes queues. Benchmarks and tests name theirs with {@link #uniqueName} so trials never
 * share a queue, and delete them at teardown: on a broker the user gave us, nothing of ours may stay.
 */
public final class Topology {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Scratch queues declared by this JVM and not deleted yet. */
    private static final Set<String> UNDELETED = ConcurrentHashMap.newKeySet();

    private Topology() {}

    public static String uniqueName(String purpose) {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return "rmqjmh-" + purpose + "-" + HexFormat.of().formatHex(b);
    }

    /** Declares a queue for a benchmark or test run (with the x-expires safety net). */
    public static void declareScratch(Connection connection, QueueSpec spec) {
        declare(connection, spec, spec.arguments(true), true);
    }

    /** Declares a scratch queue with more arguments (say, a dead-letter target) than its spec says. */
    public static void declareScratch(Connection connection, QueueSpec spec, Map<String, Object> extra) {
        Map<String, Object> args = spec.arguments(true);
        args.putAll(extra);
        declare(connection, spec, args, true);
    }

    /** Declares a scratch queue bounded in bytes and messages (drop-head; for a stream, its retention). */
    public static void declareScratch(Connection connection, QueueSpec spec, long maxBytes, long maxMessages) {
        Map<String, Object> args = spec.arguments(true);
        args.put("x-max-length-bytes", maxBytes);
        if (spec.type() == QueueType.STREAM) {
            args.put("x-stream-max-segment-size-bytes", (int) Math.min(maxBytes / 8, 64L << 20));
        } else {
            args.put("x-max-length", maxMessages);
            args.put("x-overflow", Overflow.DROP_HEAD.argument());
        }
        declare(connection, spec, args, true);
    }

    /** Declares a queue the user named (the programs): no expiry, the user owns it. */
    public static void declareNamed(Connection connection, QueueSpec spec) {
        declare(connection, spec, spec.arguments(false), false);
    }

    private static void declare(Connection connection, QueueSpec spec, Map<String, Object> args, boolean scratch) {
        // A separate channel: a refused declare closes its channel, and it must not be the caller's.
        try (Channel ch = connection.createChannel()) {
            ch.queueDeclare(spec.name(), spec.durable(), false, false, args);
        } catch (IOException | TimeoutException | RuntimeException e) {
            throw Connections.wrap("the broker refused queue '" + spec.name() + "'", e);
        }
        if (scratch) {
            UNDELETED.add(spec.name());
        }
    }

    /**
     * Declares a super stream (RabbitMQ 3.11 and later) as the broker defines one: a direct exchange
     * {@code name} bound to the streams {@code name-0} to {@code name-(partitions-1)}, each by its index
     * with its place in {@code x-stream-partition-order}, each stream bounded like
     * {@link #declareScratch(Connection, QueueSpec, long, long)}. Over AMQP 0.9.1, so it works on every
     * broker with super streams (the stream protocol's own create command needs 3.13). The exchange
     * auto-deletes with its last binding, so deleting the partitions ({@link #delete}) removes it.
     */
    public static List<String> declareSuperStream(Connection connection, String name, int partitions, long maxBytes) {
        try (Channel ch = connection.createChannel()) {
            ch.exchangeDeclare(name, "direct", true, true, Map.of("x-super-stream", true));
        } catch (IOException | TimeoutException | RuntimeException e) {
            throw Connections.wrap("the broker refused exchange '" + name + "'", e);
        }
        List<String> streams = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            String stream = name + "-" + i;
            declareScratch(connection, QueueSpec.of(stream, QueueType.STREAM), maxBytes, 0);
            streams.add(stream);
            try (Channel ch = connection.createChannel()) {
                ch.queueBind(stream, name, String.valueOf(i), Map.of("x-stream-partition-order", i));
            } catch (IOException | TimeoutException | RuntimeException e) {
                streams.forEach(s -> delete(connection, s));
                throw Connections.wrap("the broker refused to bind stream '" + stream + "' to '" + name + "'", e);
            }
        }
        return streams;
    }

    public static long messageCount(Connection connection, String queue) {
        try (Channel ch = connection.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException | TimeoutException e) {
            throw Connections.wrap("cannot read the depth of queue '" + queue + "'", e);
        }
    }

    public static void delete(Connection connection, String queue) {
        if (connection == null || !connection.isOpen()) {
            return; // left in UNDELETED for deleteLeftovers
        }
        try (Channel ch = connection.createChannel()) {
            ch.queueDelete(queue);
            UNDELETED.remove(queue);
        } catch (IOException | TimeoutException | RuntimeException e) {
            // The connection died under us: deleteLeftovers tries again on a fresh one.
        }
    }

    /**
     * Deletes, over a connection of its own, every scratch queue this JVM declared and could not delete
     * (its connection had died: a broker that closed it, a failed trial); returns how many it deleted.
     * The x-expires safety net would remove them only after 30 minutes.
     */
    public static int deleteLeftovers(URI uri) {
        if (UNDELETED.isEmpty()) {
            return 0;
        }
        int deleted = 0;
        Connection c = null;
        try {
            c = Connections.open(uri, SocketIo.CLASSIC, "rabbitmq-jmh-cleanup");
            for (String queue : List.copyOf(UNDELETED)) {
                try (Channel ch = c.createChannel()) {
                    ch.queueDelete(queue);
                    deleted++;
                } catch (IOException | TimeoutException | RuntimeException e) {
                    // gone already, or refused: nothing more to do from here
                }
                UNDELETED.remove(queue);
            }
        } catch (RuntimeException e) {
            return deleted; // the broker is gone too: x-expires remains
        } finally {
            Connections.closeQuietly(c);
        }
        return deleted;
    }
}
