package org.rabbitmqjmh.engine.consume;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import org.rabbitmqjmh.engine.ClientTotals;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.MessageCodec;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.Slowdown;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/**
 * The consume path, once, for the programs and every benchmark: one channel, one consumer, in the
 * {@link ConsumeStyle} and {@link AckMode} of its {@link ConsumeSettings}.
 *
 * <p>{@link #consume(Quota)} returns only when the quota's messages were handled and acknowledged (or
 * throws after the idle timeout): returning from basicConsume proves nothing. Push styles subscribe
 * at {@link #started()}, or when the caller says ({@link #subscribe()}), so a
 * benchmark that times a drain can open the subscription inside the timed call: subscribed earlier,
 * the broker would push a whole prefetch window before the clock starts. A delivery that arrives
 * while no quota wants it (between calls, or beyond a quota other consumers share) waits on the
 * client's thread until the next quota claims it, which is the back-pressure a slow application exerts
 * anyway. Deliveries still waiting at close are counted as unclaimed and requeued by the broker when
 * the channel closes.
 */
public final class QueueConsumer implements AutoCloseable, ClientTotals.Consuming {

    private final Channel channel;
    private final String queue;
    private final ConsumeSettings settings;
    private final TimingRecorder recorder;
    private final Latency latency;
    private final IdLedger ledger;
    private final boolean autoAck;
    private final BlockingQueue<Delivery> handoff;
    /** A hand-off delivery taken after a shared quota was met: handled first by the next call, in order. */
    private Delivery held;

    private final ExecutorService pool;
    private final AtomicReference<String> closedBy = new AtomicReference<>();
    private final Object quotaLock = new Object();
    private Quota quota;
    private boolean closing;

    // Written by the delivering thread (client thread, or the caller for pull styles).
    private long seq;
    private long sinceAck;
    private long lastTag;
    private long lastSeq;
    private long lastAckedTag;
    private Map<String, Object> consumeArguments;
    private final boolean stream;
    private String consumerTag;
    /** Every delivery that reached this consumer, handled or not: what the broker counts as delivered. */
    private final AtomicLong received = new AtomicLong();

    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong unclaimed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    /** The ids this consumer rejects with requeue instead of handling (a poison message); none by default. */
    private volatile LongPredicate requeue;

    private volatile MessageObserver observer;
    /** The trial's per-publisher sequence check, fed in delivery order; none unless {@link #checkedBy}. */
    private volatile SequenceCheck sequence;

    /**
     * Opens a channel on {@code connection} for {@code queue}; a push style subscribes when {@link #subscribe()}
     * or {@link #started()} is called. {@code ledger} may be null when ids need no accounting.
     */
    public QueueConsumer(
            Connection connection,
            String queue,
            QueueType type,
            ConsumeSettings settings,
            TimingRecorder recorder,
            Latency latency,
            IdLedger ledger) {
        try {
            this.channel = connection.createChannel();
            if (settings.prefetch() > 0) {
                channel.basicQos(settings.prefetch());
            }
        } catch (IOException | RuntimeException e) {
            throw Connections.wrap("cannot consume from queue '" + queue + "'", e);
        }
        this.consumeArguments = type == QueueType.STREAM ? Map.of("x-stream-offset", "first") : Map.of();
        this.stream = type == QueueType.STREAM;
        this.queue = queue;
        this.settings = settings;
        this.recorder = recorder;
        this.latency = latency;
        this.ledger = ledger;
        this.autoAck = settings.ackMode() == AckMode.AUTO;
        this.handoff = settings.style() == ConsumeStyle.BLOCKING_HANDOFF
                ? new ArrayBlockingQueue<>(settings.prefetch() > 0 && !autoAck ? settings.prefetch() : 1 << 16)
                : null;
        this.pool = settings.style() == ConsumeStyle.WORKER_POOL
                ? Executors.newFixedThreadPool(settings.workers(), r -> {
                    Thread t = new Thread(r, "rabbitmq-jmh-worker");
                    t.setDaemon(true);
                    return t;
                })
                : null;
        channel.addShutdownListener(s -> {
            if (!s.isInitiatedByApplication()) {
                closedBy.compareAndSet(null, s.getMessage());
            }
        });
        ClientTotals.opened(this);
    }

    /**
     * Subscribes with this consumer priority ({@code x-priority}): the broker prefers higher ones, and a
     * RabbitMQ 4.0 quorum queue with a single active consumer hands over to a higher one that joins. Call
     * before it subscribes.
     */
    public QueueConsumer priority(int priority) {
        Map<String, Object> args = new HashMap<>(consumeArguments);
        args.put("x-priority", priority);
        consumeArguments = Map.copyOf(args);
        return this;
    }

    /** This consumer, subscribed if its style pushes (polling needs no subscription). */
    public QueueConsumer started() {
        if (settings.style() != ConsumeStyle.POLLING) {
            subscribe();
        }
        return this;
    }

    /** Subscribes a push style to its queue: from now on the broker delivers up to the prefetch. */
    public void subscribe() {
        if (settings.style() == ConsumeStyle.POLLING || consumerTag != null) {
            return;
        }
        try {
            consumerTag = channel.basicConsume(
                    queue,
                    autoAck,
                    "",
                    false,
                    false,
                    consumeArguments,
                    (tag, d) -> onDelivery(d),
                    tag -> closedBy.compareAndSet(null, "the broker cancelled the consumer"));
        } catch (IOException | RuntimeException e) {
            throw Connections.wrap("cannot consume from queue '" + queue + "'", e);
        }
    }

    /**
     * Ends the subscription; the broker's cancel-ok follows every delivery it made, so none arrives after
     * this returns. Deliveries not yet acknowledged stay with this channel until it closes.
     */
    public void cancel() throws IOException {
        if (consumerTag != null) {
            String tag = consumerTag;
            consumerTag = null;
            channel.basicCancel(tag);
        }
    }

    /** Sees every message this consumer handles, before its work; set it before the first consume call. */
    public void observe(MessageObserver o) {
        this.observer = o;
    }

    /**
     * Feeds every message this consumer handles to {@code check}, on the delivering thread in the order the
     * broker delivered them (before a worker pool reorders them), with the broker's redelivered flag.
     * Several consumers of one trial share one check. Set it before the first consume call.
     */
    public QueueConsumer checkedBy(SequenceCheck check) {
        this.sequence = check;
        return this;
    }

    /** The message in delivery order, to the sequence check if any (not one the proof hook hides). */
    private void check(boolean redeliver, byte[] body) {
        SequenceCheck c = sequence;
        long id = MessageCodec.id(body);
        if (c != null && !SequenceCheck.skipped(id)) {
            c.saw(id, redeliver);
        }
    }

    /**
     * Subscribes (a push style) and handles {@code count} messages already waiting, as a drain measures it:
     * returns how many this call handled.
     */
    public long drain(long count) throws TimeoutException, InterruptedException, IOException {
        long before = consumed.get();
        subscribe();
        consume(count);
        return consumed.get() - before;
    }

    /** Handles {@code count} more messages; see {@link #consume(Quota)}. */
    public void consume(long count) throws TimeoutException, InterruptedException, IOException {
        consume(new Quota(count));
    }

    /** Handles messages until {@code q} is complete; several consumers may share one quota. */
    public void consume(Quota q) throws TimeoutException, InterruptedException, IOException {
        synchronized (quotaLock) {
            quota = q;
            quotaLock.notifyAll();
        }
        try {
            if (settings.style() == ConsumeStyle.POLLING) {
                poll(q);
            } else if (settings.style() == ConsumeStyle.BLOCKING_HANDOFF) {
                takeFromHandoff(q);
            }
            // Push styles work on the client's threads; pull styles may share the quota with other consumers.
            q.await(settings.idleTimeout(), closedBy::get);
            flushAcks();
        } finally {
            synchronized (quotaLock) {
                quota = null;
            }
        }
    }

    private void poll(Quota q) throws IOException, TimeoutException, InterruptedException {
        long idleSince = System.nanoTime();
        while (!q.allClaimed()) {
            GetResponse r = channel.basicGet(queue, autoAck);
            if (r == null) {
                failIfClosed(q);
                if (System.nanoTime() - idleSince > settings.idleTimeout().toNanos()) {
                    throw new TimeoutException(
                            "no message for " + settings.idleTimeout().toSeconds() + " s: consumed " + q.doneCount()
                                    + " of " + q.target());
                }
                LockSupport.parkNanos(100_000); // an empty queue: do not hammer the broker with basic.get
                continue;
            }
            received.incrementAndGet();
            idleSince = System.nanoTime();
            if (!q.claim()) {
                unclaimed.incrementAndGet();
                if (!autoAck) {
                    channel.basicNack(r.getEnvelope().getDeliveryTag(), false, true);
                }
                break;
            }
            handle(q, r.getEnvelope().getDeliveryTag(), r.getEnvelope().isRedeliver(), r.getBody());
        }
    }

    private void takeFromHandoff(Quota q) throws InterruptedException, TimeoutException, IOException {
        long idleSince = System.nanoTime();
        while (!q.allClaimed()) {
            Delivery d = held != null ? held : handoff.poll(50, TimeUnit.MILLISECONDS);
            held = null;
            if (d == null) {
                failIfClosed(q);
                if (System.nanoTime() - idleSince > settings.idleTimeout().toNanos()) {
                    throw new TimeoutException(
                            "no message for " + settings.idleTimeout().toSeconds() + " s: consumed " + q.doneCount()
                                    + " of " + q.target());
                }
                continue;
            }
            idleSince = System.nanoTime();
            if (!q.claim()) {
                // Another consumer of the shared quota finished it: keep the delivery, in order, for a later call.
                held = d;
                break;
            }
            handle(q, d.getEnvelope().getDeliveryTag(), d.getEnvelope().isRedeliver(), d.getBody());
        }
    }

    /** On the client's consumer thread. */
    private void onDelivery(Delivery d) {
        received.incrementAndGet();
        if (handoff != null) {
            try {
                handoff.put(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the channel is closing
            }
            return;
        }
        if (rejected(d)) {
            return;
        }
        Quota q = claimWhenWanted();
        if (q == null) {
            unclaimed.incrementAndGet();
            return;
        }
        long tag = d.getEnvelope().getDeliveryTag();
        boolean redeliver = d.getEnvelope().isRedeliver();
        if (pool != null) {
            check(redeliver, d.getBody());
            long s = seq++;
            long received = System.nanoTime();
            pool.execute(() -> {
                try {
                    process(q, s, received, tag, redeliver, d.getBody());
                } catch (IOException | InterruptedException | RuntimeException e) {
                    // The channel closed under the task (the broker gone: AlreadyClosedException): one reason for
                    // the trial's line, not a stack trace per task still in the pool.
                    closedBy.compareAndSet(null, "worker failed: " + e.getMessage());
                }
            });
            return;
        }
        try {
            handle(q, tag, redeliver, d.getBody());
        } catch (IOException | AlreadyClosedException e) {
            closedBy.compareAndSet(null, "ack failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A poison message ({@link #requeueWhen}) rejected with requeue at once, needing no quota: the broker
     * delivers it again, or dead-letters it at the queue's delivery limit, whether or not a call is running.
     */
    private boolean rejected(Delivery d) {
        LongPredicate r = requeue;
        if (r == null || !r.test(MessageCodec.id(d.getBody()))) {
            return false;
        }
        try {
            channel.basicReject(d.getEnvelope().getDeliveryTag(), true);
            rejected.incrementAndGet();
        } catch (IOException | AlreadyClosedException e) {
            closedBy.compareAndSet(null, "reject failed: " + e.getMessage());
        }
        return true;
    }

    /** Blocks the delivering thread until a quota claims the delivery; null once the consumer closes. */
    private Quota claimWhenWanted() {
        synchronized (quotaLock) {
            while (!closing) {
                if (quota != null && quota.claim()) {
                    return quota;
                }
                try {
                    quotaLock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return null;
        }
    }

    private void handle(Quota q, long tag, boolean redeliver, byte[] body) throws IOException, InterruptedException {
        check(redeliver, body);
        process(q, seq++, System.nanoTime(), tag, redeliver, body);
    }

    private void process(Quota q, long s, long receivedNanos, long tag, boolean redeliver, byte[] body)
            throws IOException, InterruptedException {
        long id = MessageCodec.id(body);
        long sent = MessageCodec.sentNanos(body);
        latency.record(receivedNanos - sent);
        MessageObserver o = observer;
        if (o != null) {
            o.received(id, sent, receivedNanos);
        }
        recorder.first(s, id, receivedNanos);
        if (redeliver) {
            redelivered.incrementAndGet();
        }
        if (ledger != null && !ledger.mark(id)) {
            duplicates.incrementAndGet();
        }
        Slowdown.perMessage();
        settings.work().perform(id);
        switch (settings.ackMode()) {
            case EACH:
                channel.basicAck(tag, false);
                recorder.second(s, System.nanoTime());
                acked.incrementAndGet();
                break;
            case MULTIPLE:
                lastTag = tag;
                lastSeq = s;
                if (++sinceAck >= settings.ackEvery()) {
                    ackUpTo(tag, s);
                }
                break;
            default:
                break;
        }
        consumed.incrementAndGet();
        q.done();
    }

    private void ackUpTo(long tag, long s) throws IOException {
        channel.basicAck(tag, true);
        recorder.secondUpTo(s, System.nanoTime());
        acked.addAndGet(sinceAck);
        sinceAck = 0;
        lastAckedTag = tag;
    }

    /** Acknowledges what a multiple-ack consumer still holds once its quota is met. */
    private void flushAcks() throws IOException {
        if (settings.ackMode() == AckMode.MULTIPLE && sinceAck > 0 && lastTag > lastAckedTag) {
            ackUpTo(lastTag, lastSeq);
        }
    }

    private void failIfClosed(Quota q) {
        String why = closedBy.get();
        if (why != null) {
            throw new IllegalStateException(
                    "consuming stopped after " + q.doneCount() + " of " + q.target() + " messages: " + why);
        }
    }

    /**
     * Rejects the messages whose id {@code poison} picks with requeue (basic.reject), each time they come,
     * and handles the others: a poison message as a broken consumer meets it. Acknowledging each message only.
     */
    public void requeueWhen(LongPredicate poison) {
        if (settings.ackMode() != AckMode.EACH || settings.style() != ConsumeStyle.CALLBACK) {
            throw new IllegalArgumentException(
                    "a consumer that rejects poison messages is a callback that acknowledges "
                            + "each message; allowed: style=callback, ack=each");
        }
        requeue = poison;
    }

    /** Deliveries rejected with requeue ({@link #requeueWhen}). */
    public long rejected() {
        return rejected.get();
    }

    public ConsumeCounts counts() {
        return new ConsumeCounts(
                consumed.get(),
                autoAck ? consumed.get() : acked.get(),
                redelivered.get(),
                duplicates.get(),
                unclaimed.get());
    }

    public TimingRecorder recorder() {
        return recorder;
    }

    /** Deliveries that reached this consumer (for the cross-check: the broker's delivered count). */
    @Override
    public long received() {
        return received.get();
    }

    /** Messages acknowledged with a manual ack (for the cross-check: the broker's acknowledged count). */
    @Override
    public long acked() {
        return autoAck ? 0 : acked.get();
    }

    /**
     * How many deliveries the broker may have counted that have not reached this consumer: a manual-ack
     * push consumer holds at most its prefetch; basic.get takes one at a time; an auto-ack push consumer
     * has no bound.
     */
    @Override
    public long deliveryInFlightBound() {
        if (settings.style() == ConsumeStyle.POLLING) {
            return 1;
        }
        // A stream delivers whole chunks, past the prefetch (ProtocolBenchmark bounds its stream consumers alike).
        return autoAck || settings.prefetch() == 0 || stream ? ClientTotals.UNBOUNDED : settings.prefetch();
    }

    /** How many acks sent may not have reached the broker: no more than the unacked it allows. */
    @Override
    public long ackInFlightBound() {
        if (autoAck) {
            return 0;
        }
        if (settings.style() == ConsumeStyle.POLLING) {
            return 1;
        }
        return settings.prefetch() == 0 ? ClientTotals.UNBOUNDED : settings.prefetch();
    }

    @Override
    public void close() {
        ClientTotals.closed(this);
        closedBy.compareAndSet(null, "the consumer was closed");
        synchronized (quotaLock) {
            closing = true;
            quotaLock.notifyAll();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        Connections.closeQuietly(channel);
    }
}
