package org.rabbitmqjmh.engine.publish;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.engine.BlockedConnections;
import org.rabbitmqjmh.engine.ClientTotals;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.MessageCodec;
import org.rabbitmqjmh.engine.Slowdown;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/**
 * The publish path, once, for the programs and every benchmark: one channel, one thread, one message
 * per {@link #publish()} call, the confirm strategy applied as {@link PublishSettings} says.
 *
 * <p>Ids are {@code firstId, firstId + 1, ...}; give each publisher its own range to keep ids unique
 * across threads and processes. A publisher whose consumers check its sequence starts at
 * {@code SequenceCheck.firstId(index)}, each publishing thread an index of its own. The body is reused
 * with blocking IO, whose write has finished when basicPublish returns; Netty encodes later on its event
 * loop, so there each message gets its own body.
 */
public final class Publisher implements AutoCloseable {

    private final Channel channel;
    private final String exchange;
    private final String routingKey;
    private final PublishSettings settings;
    private final TimingRecorder recorder;
    private final Latency confirmLatency;
    private final ConfirmTracker tracker;
    private final AMQP.BasicProperties properties;
    /** What one message in {@link Slowdown#brokerCopyEvery()} goes out with (the plain properties when 0). */
    private final AMQP.BasicProperties copyProperties;

    private final boolean mandatory;
    private final boolean reuseBody;
    /** Which messages go out with a high priority; none unless {@link #withPriorities} says so. */
    private Priorities priorities = Priorities.NONE;

    private AMQP.BasicProperties highProperties;
    private AMQP.BasicProperties normalProperties;
    private final AtomicLong returned = new AtomicLong();
    private final int batch;
    private final long firstId;
    /** Send times of the open transaction, for its messages' commit latency. */
    private final long[] txSent;

    private byte[] body;
    private long published;
    /** Published count at the last {@link #flush()} of a publisher without confirms: all taken by then. */
    private long takenThrough;

    private long txCommitted;
    private int txOpen;

    public Publisher(
            Connection connection,
            String routingKey,
            PublishSettings settings,
            long firstId,
            TimingRecorder recorder,
            Latency confirmLatency,
            SocketIo io) {
        this.exchange = "";
        this.routingKey = routingKey;
        this.settings = settings;
        this.recorder = recorder;
        this.confirmLatency = confirmLatency;
        this.firstId = firstId;
        this.batch = settings.effectiveBatch();
        this.properties =
                settings.persistent() ? MessageProperties.MINIMAL_PERSISTENT_BASIC : MessageProperties.MINIMAL_BASIC;
        this.mandatory = settings.confirmMode() != ConfirmMode.NONE;
        this.reuseBody = io == SocketIo.CLASSIC;
        this.body = new byte[settings.messageSize()];
        try {
            this.channel = connection.createChannel();
            if (settings.confirmMode().confirms()) {
                tracker = new ConfirmTracker(batch, recorder, confirmLatency);
                channel.addConfirmListener(tracker);
                // A connection aborted for being blocked closes with "connection error": say which alarm instead.
                channel.addShutdownListener(sse -> tracker.closed(
                        BlockedConnections.cause(channel.getConnection()).orElse(sse.getMessage())));
                channel.confirmSelect();
            } else {
                tracker = null;
            }
            if (settings.confirmMode() == ConfirmMode.TRANSACTION) {
                channel.txSelect();
                txSent = new long[batch];
            } else {
                txSent = null;
            }
            channel.addReturnListener(r -> returned.incrementAndGet());
            copyProperties = Slowdown.brokerCopyEvery() > 0 ? copyTo(channel, properties) : properties;
        } catch (IOException e) {
            throw Connections.wrap("cannot open a publishing channel", e);
        }
        ClientTotals.opened(totals);
    }

    /** From the next message on, every {@code p.every()}-th id high priority and the others normal. */
    public Publisher withPriorities(Priorities p) {
        priorities = p;
        if (p.any()) {
            highProperties = properties.builder().priority(Priorities.HIGH).build();
            normalProperties = properties.builder().priority(Priorities.NORMAL).build();
        }
        return this;
    }

    /** Publishes one message and applies the confirm strategy; returns the message id. */
    public long publish() throws IOException, InterruptedException, TimeoutException {
        return publish(false, 0);
    }

    /**
     * Publishes one message stamped with the time it was meant to be sent ({@link System#nanoTime()}
     * units), not the time it went: a paced producer that fell behind its schedule (blocked, or waiting
     * for confirms) then shows the delay in every latency measured from the stamp, end to end and to the
     * confirm, instead of hiding it (coordinated omission).
     */
    public long publishIntendedAt(long intendedNanos) throws IOException, InterruptedException, TimeoutException {
        return publish(true, intendedNanos);
    }

    private long publish(boolean stamped, long intendedNanos)
            throws IOException, InterruptedException, TimeoutException {
        ConfirmMode mode = settings.confirmMode();
        if (mode == ConfirmMode.ASYNC_WINDOW) {
            tracker.awaitOutstandingAtMost(batch - 1L, settings.confirmTimeout());
        }
        Slowdown.perMessage();
        long seq = published;
        long id = firstId + seq;
        byte[] b = reuseBody ? body : new byte[settings.messageSize()];
        long now = stamped ? intendedNanos : System.nanoTime();
        MessageCodec.write(b, id, now);
        recorder.first(seq, id, now);
        if (tracker != null) {
            tracker.sent(channel.getNextPublishSeqNo(), now);
        }
        try {
            // Slowdown's K is a static final: at 0 the JIT folds the choice away.
            int copyEvery = Slowdown.brokerCopyEvery();
            channel.basicPublish(exchange, routingKey, mandatory, propertiesOf(seq, id, copyEvery), b);
        } catch (IOException | ShutdownSignalException e) {
            throwIfBlocked(e);
            throw e;
        }
        published++;
        switch (mode) {
            case UNARY:
                tracker.awaitOutstandingAtMost(0, settings.confirmTimeout());
                break;
            case BATCH:
                if (published % batch == 0) {
                    tracker.awaitOutstandingAtMost(0, settings.confirmTimeout());
                }
                break;
            case TRANSACTION:
                txSent[txOpen++] = now;
                if (txOpen == batch) {
                    commit();
                }
                break;
            default:
                break;
        }
        return id;
    }

    private AMQP.BasicProperties propertiesOf(long seq, long id, int copyEvery) {
        if (priorities.any()) {
            return priorities.isHigh(id) ? highProperties : normalProperties;
        }
        return copyEvery > 0 && seq % copyEvery == copyEvery - 1 ? copyProperties : properties;
    }

    /**
     * The properties of a message the broker also routes to a queue of this publisher's connection
     * (exclusive: gone with the connection), which expires it on arrival and dead-letters it to a route
     * with no queue: as much broker work per copy on every row, and nothing kept, dropped or counted
     * against the cross-check (a dead-lettered message is not a drop).
     */
    private static AMQP.BasicProperties copyTo(Channel channel, AMQP.BasicProperties properties) throws IOException {
        String copies = channel.queueDeclare(
                        "",
                        false,
                        true,
                        true,
                        Map.of(
                                "x-message-ttl",
                                0,
                                "x-dead-letter-exchange",
                                "",
                                "x-dead-letter-routing-key",
                                "rmqjmh-nowhere"))
                .getQueue();
        return properties.builder().headers(Map.of("CC", List.of(copies))).build();
    }

    /**
     * A call the broker stopped answering, ended by {@link BlockedConnections}, fails with the alarm that
     * blocked it rather than "socket closed"; any other failure goes on as it came.
     */
    private void throwIfBlocked(Exception e) {
        Optional<String> blocked = BlockedConnections.cause(channel.getConnection());
        if (blocked.isPresent()) {
            throw new BrokerException(blocked.get(), e);
        }
    }

    /**
     * Puts {@code count} messages of {@code size} bytes into {@code queue} and returns once the broker
     * confirmed every one: how consume benchmarks and tests fill a queue before the timed part.
     */
    public static void fill(Connection connection, String queue, long count, int size, long firstId)
            throws IOException, InterruptedException, TimeoutException {
        fill(connection, queue, count, size, firstId, Priorities.NONE);
    }

    /** {@link #fill} with some messages of high priority and the others normal ({@link Priorities}). */
    public static void fill(
            Connection connection, String queue, long count, int size, long firstId, Priorities priorities)
            throws IOException, InterruptedException, TimeoutException {
        try (Publisher p = new Publisher(
                        connection,
                        queue,
                        PublishSettings.of(size, ConfirmMode.ASYNC_WINDOW, 1000, false),
                        firstId,
                        TimingRecorder.off(),
                        new Latency(),
                        SocketIo.CLASSIC)
                .withPriorities(priorities)) {
            for (long i = 0; i < count; i++) {
                p.publish();
            }
            p.flush();
            PublishCounts c = p.counts();
            if (c.confirmed() != count) {
                throw new IllegalStateException("filling queue '" + queue + "': " + c.confirmed() + " of " + count
                        + " confirmed, " + c.nacked() + " nacked, " + c.returned() + " returned");
            }
        }
    }

    /**
     * Returns once the broker has taken every message published so far: waits for every outstanding
     * confirm, commits the open transaction, or, without confirms, makes one synchronous call on the
     * publishing channel (a passive declare of the queue). The broker handles a channel's frames in
     * order, so its reply comes after it received every earlier message: from then on the broker's
     * received counter includes them all.
     */
    public void flush() throws IOException, InterruptedException, TimeoutException {
        if (tracker != null) {
            tracker.awaitOutstandingAtMost(0, settings.confirmTimeout());
        } else if (txSent != null) {
            if (txOpen > 0) {
                commit();
            }
        } else if (published > takenThrough) {
            long through = published;
            try {
                channel.queueDeclarePassive(routingKey);
            } catch (IOException | ShutdownSignalException e) {
                throwIfBlocked(e);
                throw e;
            }
            takenThrough = through;
        }
    }

    /** This publisher as the client totals read it (the cross-check). */
    private final ClientTotals.Publishing totals = new ClientTotals.Publishing() {
        @Override
        public long published() {
            return counts().published();
        }

        @Override
        public long confirmed() {
            return confirmAcks();
        }

        @Override
        public long inFlightBound() {
            return Publisher.this.inFlightBound();
        }
    };

    /** Messages the broker confirmed with a publisher confirm (not transaction commits): what it counts. */
    long confirmAcks() {
        return tracker != null ? tracker.acked() : 0;
    }

    /**
     * How many messages published so far the broker may not have taken yet (for the cross-check):
     * unconfirmed ones, an open transaction, or, without confirms, everything since the last flush.
     */
    long inFlightBound() {
        if (tracker != null) {
            return tracker.outstanding();
        }
        return txSent != null ? txOpen : published - takenThrough;
    }

    private void commit() throws IOException {
        channel.txCommit();
        long now = System.nanoTime();
        for (int i = 0; i < txOpen; i++) {
            confirmLatency.record(now - txSent[i]);
        }
        recorder.secondUpTo(published - 1, now);
        txCommitted += txOpen;
        txOpen = 0;
    }

    public PublishCounts counts() {
        long confirmed = tracker != null ? tracker.acked() : txCommitted;
        long nacked = tracker != null ? tracker.nacked() : 0;
        return new PublishCounts(published, confirmed, nacked, returned.get());
    }

    public TimingRecorder recorder() {
        return recorder;
    }

    @Override
    public void close() {
        ClientTotals.closed(totals);
        Connections.closeQuietly(channel);
    }
}
