package org.rabbitmqjmh.engine.consume;

import com.rabbitmq.client.Connection;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.Overflow;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/**
 * A scratch queue kept bounded while publishers write to it, so a publish benchmark measures publishing
 * and not the broker's memory alarm: a length limit (drop-head; retention for streams) always, and
 * optionally a consumer draining it on its own connection, which feeds every message to the queue's
 * {@link #sequence()} check. Its depth is sampled five times a second.
 * Closing stops the drain and deletes the queue.
 */
public final class DrainedQueue implements AutoCloseable {

    /** Bounds of every scratch queue: whichever is reached first. */
    public static final long MAX_MESSAGES = 200_000;

    public static final long MAX_BYTES = 128L << 20;
    private static final long STREAM_MAX_BYTES = 1L << 30;

    private final Connection admin;
    private final Connection drainConnection;
    private final QueueConsumer drain;
    private final Thread drainThread;
    private final ScheduledExecutorService sampler;
    private final String name;
    private final SequenceCheck sequence;

    private DrainedQueue(
            Connection admin,
            Connection drainConnection,
            QueueConsumer drain,
            Thread drainThread,
            ScheduledExecutorService sampler,
            String name,
            SequenceCheck sequence) {
        this.admin = admin;
        this.drainConnection = drainConnection;
        this.drain = drain;
        this.drainThread = drainThread;
        this.sampler = sampler;
        this.name = name;
        this.sequence = sequence;
    }

    /**
     * The queue declared through {@code uri} (its leader on that node) and drained by a consumer connected
     * to {@code drainUri}, another node of the cluster or the same.
     *
     * @param e2e where the drain records end-to-end latency (send to delivery)
     * @param depth receives each depth sample
     */
    public static DrainedQueue open(
            URI uri,
            URI drainUri,
            String purpose,
            QueueType type,
            boolean durable,
            boolean drained,
            SocketIo io,
            Latency e2e,
            LongConsumer depth) {
        Connection admin = Connections.open(uri, SocketIo.CLASSIC, purpose + "-admin");
        String name = Topology.uniqueName(purpose);
        try {
            declareBounded(admin, name, type, durable);
        } catch (RuntimeException e) {
            Connections.closeQuietly(admin);
            throw e;
        }
        Connection drainConnection = null;
        QueueConsumer drain = null;
        Thread drainThread = null;
        SequenceCheck sequence = new SequenceCheck();
        if (drained) {
            drainConnection = Connections.open(drainUri, io, purpose + "-drain");
            // Streams need manual acks and a prefetch; the other types drain fastest with auto-ack.
            ConsumeSettings s = (type == QueueType.STREAM
                            ? ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.MULTIPLE, 1000)
                            : ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.AUTO, 0))
                    .withIdleTimeout(Duration.ofDays(1));
            QueueConsumer c = new QueueConsumer(drainConnection, name, type, s, TimingRecorder.off(), e2e, null)
                    .checkedBy(sequence)
                    .started();
            drain = c;
            drainThread = new Thread(
                    () -> {
                        try {
                            c.consume(Long.MAX_VALUE);
                        } catch (Exception | Error stopped) {
                            // closed at teardown: the drain's job is done
                        }
                    },
                    "rabbitmq-jmh-drain");
            drainThread.setDaemon(true);
            drainThread.start();
        }
        return new DrainedQueue(
                admin, drainConnection, drain, drainThread, sampleDepth(admin, name, depth), name, sequence);
    }

    /** The queue's depth, sampled every 200 ms on a daemon thread of its own. */
    private static ScheduledExecutorService sampleDepth(Connection admin, String name, LongConsumer depth) {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rabbitmq-jmh-depth");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleWithFixedDelay(
                () -> {
                    try {
                        depth.accept(Topology.messageCount(admin, name));
                    } catch (RuntimeException ignored) {
                        // a missed sample while the broker is busy is not worth failing a trial
                    }
                },
                0,
                200,
                TimeUnit.MILLISECONDS);
        return sampler;
    }

    /**
     * Declares {@code name} with the bounds every drained queue has, and no drain: for a publisher other
     * than ours (PerfTest, side by side) that must write into the same kind of queue.
     */
    public static void declareBounded(Connection admin, String name, QueueType type, boolean durable) {
        QueueSpec spec =
                new QueueSpec(name, type, type != QueueType.CLASSIC || durable, Optional.empty(), Overflow.DROP_HEAD);
        Topology.declareScratch(admin, spec, type == QueueType.STREAM ? STREAM_MAX_BYTES : MAX_BYTES, MAX_MESSAGES);
    }

    public String name() {
        return name;
    }

    /** The publishers' sequences as the drain received them (nothing without a drain). */
    public SequenceCheck sequence() {
        return sequence;
    }

    /**
     * Waits until the drain has received {@code confirmed} messages, the broker's witness or not: a message
     * the broker confirmed must reach the trial's consumer. Returns how many never did, once the drain has
     * stalled for {@code stall} with nothing left in the queue (or after {@code limit}): 0 when all arrived.
     * A queue without a drain has nothing to say.
     */
    public long undelivered(long confirmed, Duration stall, Duration limit) {
        if (drain == null || !admin.isOpen() || !drainConnection.isOpen()) {
            return 0; // a broker gone or a connection it closed has failed the trial already, in its own words
        }
        long deadline = System.nanoTime() + limit.toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long delivered = drain.counts().consumed();
            if (delivered >= confirmed) {
                return 0;
            }
            long now = System.nanoTime();
            if (delivered != last) {
                last = delivered;
                lastChange = now;
            } else if (now - lastChange > stall.toNanos() && queuedOrUnknown() == 0 || now > deadline) {
                return confirmed - delivered;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return confirmed - delivered;
            }
        }
    }

    private long queuedOrUnknown() {
        try {
            return Topology.messageCount(admin, name);
        } catch (RuntimeException e) {
            return 0; // a broker that no longer answers will not deliver them either
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        if (drain != null) {
            drain.close();
            try {
                drainThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Connections.closeQuietly(drainConnection);
        Topology.delete(admin, name);
        Connections.closeQuietly(admin);
    }
}
