package org.rabbitmqjmh.pace;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;
import org.rabbitmqjmh.engine.consume.AckMode;
import org.rabbitmqjmh.engine.consume.ConsumeSettings;
import org.rabbitmqjmh.engine.consume.ConsumeStyle;
import org.rabbitmqjmh.engine.consume.QueueConsumer;
import org.rabbitmqjmh.engine.consume.SequenceCheck;
import org.rabbitmqjmh.engine.publish.ConfirmMode;
import org.rabbitmqjmh.engine.publish.PublishCounts;
import org.rabbitmqjmh.engine.publish.PublishSettings;
import org.rabbitmqjmh.engine.publish.Publisher;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/**
 * A fast producer and a slow consumer on one fresh queue, both paced, over the suite's one publish path
 * and one consume path.
 *
 * <p>The producer's thread follows a {@link RateSchedule} and stamps each message with its due time, so
 * end-to-end latency (recorded by the consumer into {@link #latency()}) runs from when the message was
 * meant to go. It publishes with a window of outstanding confirms; a nack (reject-publish) halves its
 * rate, a second without one raises it again; while the broker has its connection blocked (memory
 * alarm) it sends nothing. The consumer handles at most one message per 1/rate (a slot schedule that
 * does not catch up after a pause, as a real consumer's capacity would not), acks each message, and can
 * be stopped and resumed: a stopped consumer leaves its prefetched messages
 * unacknowledged, as a hung application would.
 *
 * <p>The consumer runs on a thread of its own ({@link #start}), or on the caller's thread one message
 * per {@link #consumeOne()} (the JMH benchmark, whose score is then the consumer's rate).
 */
public final class PaceRun implements AutoCloseable {

    private static final Duration CONSUMER_POLL = Duration.ofMillis(200);

    private final PaceSettings settings;
    private final String queue;
    private final String droppedQueue;
    private final Connection admin;
    private final Connection producerConnection;
    private final Connection consumerConnection;
    private final Publisher publisher;
    private final QueueConsumer consumer;
    private final Latency latency;
    /** Each confirm's wait, from the message's intended send time. */
    private final Latency confirmLatency = new Latency();

    private final RateSchedule schedule;
    private final long startNanos;

    private final AtomicLong blockedEvents = new AtomicLong();
    private final AtomicLong unblockedEvents = new AtomicLong();
    private final AtomicLong blockedNanos = new AtomicLong();
    private volatile long blockedSince = -1;
    private volatile long lastSent;
    /** The producer's sequence as the consumer receives it. */
    private final SequenceCheck sequence = new SequenceCheck();
    /** When the consumer may finish its next message; its handling thread only. */
    private long slot = Long.MIN_VALUE / 2;

    private volatile boolean producing = true;
    private volatile boolean consuming = true;
    private volatile boolean closing;
    private volatile String failure;
    private Thread producerThread;
    private Thread consumerThread;

    private PaceRun(PaceSettings settings, URI uri, Latency latency, Duration longestStall) {
        this.settings = settings;
        this.latency = latency;
        this.queue = Topology.uniqueName("pace");
        this.droppedQueue = queue + "-dropped";
        this.admin = Connections.open(uri, SocketIo.CLASSIC, "rabbitmq-jmh-pace-admin");
        Connection p = null;
        Connection c = null;
        try {
            declareQueues();
            p = Connections.open(uri, SocketIo.CLASSIC, "rabbitmq-jmh-pace-producer");
            c = Connections.open(uri, SocketIo.CLASSIC, "rabbitmq-jmh-pace-consumer");
            p.addBlockedListener(blockedTimer());
            // A confirm may wait out a whole stall (a block, a full window behind a stopped consumer).
            PublishSettings ps = new PublishSettings(
                    settings.messageSize(),
                    ConfirmMode.ASYNC_WINDOW,
                    settings.confirmWindow(),
                    false,
                    longestStall.plusSeconds(30));
            this.publisher = new Publisher(p, queue, ps, 0, TimingRecorder.off(), confirmLatency, SocketIo.CLASSIC);
            ConsumeSettings cs = ConsumeSettings.of(ConsumeStyle.CALLBACK, AckMode.EACH, settings.prefetch())
                    .withIdleTimeout(CONSUMER_POLL);
            long interval = settings.consumerInterval().toNanos();
            this.consumer = new QueueConsumer(c, queue, settings.queueType(), cs, TimingRecorder.off(), latency, null)
                    .checkedBy(sequence)
                    .started();
            consumer.observe((id, sent, received) -> {
                lastSent = sent;
                // The consumer's capacity: one message per interval, and no catching up after a pause.
                slot = Math.max(slot + interval, received);
                long wait;
                while ((wait = slot - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            });
        } catch (RuntimeException e) {
            Topology.delete(admin, queue);
            Topology.delete(admin, droppedQueue);
            Connections.closeQuietly(p);
            Connections.closeQuietly(c);
            Connections.closeQuietly(admin);
            throw e;
        }
        this.producerConnection = p;
        this.consumerConnection = c;
        this.startNanos = System.nanoTime();
        this.schedule = new RateSchedule(settings.producerRate(), startNanos);
    }

    /** The paced queue, bounded as the back-pressure mode asks; for drop-head, the queue its drops go to. */
    private void declareQueues() {
        QueueSpec spec = settings.queueType() == QueueType.CLASSIC
                ? QueueSpec.classic(queue, false)
                : QueueSpec.of(queue, settings.queueType());
        if (settings.backPressure().overflow().isPresent()) {
            spec = spec.withMaxLength(
                    settings.maxLength(), settings.backPressure().overflow().get());
        }
        if (settings.backPressure() == BackPressure.DROP_HEAD) {
            // drop-head dead-letters what it drops: the broker itself counts the losses, exactly.
            Topology.declareScratch(admin, QueueSpec.classic(droppedQueue, false));
            Topology.declareScratch(
                    admin, spec, Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", droppedQueue));
        } else {
            Topology.declareScratch(admin, spec);
        }
    }

    /** Counts the producer connection's blocks and unblocks, and the time spent blocked. */
    private BlockedListener blockedTimer() {
        return new BlockedListener() {
            @Override
            public void handleBlocked(String reason) {
                blockedEvents.incrementAndGet();
                blockedSince = System.nanoTime();
            }

            @Override
            public void handleUnblocked() {
                long since = blockedSince;
                if (since >= 0) {
                    blockedNanos.addAndGet(System.nanoTime() - since);
                }
                blockedSince = -1;
                unblockedEvents.incrementAndGet();
            }
        };
    }

    /**
     * Declares the queue, connects, and starts the producer and (if {@code consumerThread}) the consumer.
     * {@code longestStall} bounds how long a confirm may take (the longest the consumer will be stopped).
     */
    public static PaceRun start(
            URI uri, PaceSettings settings, Latency latency, boolean consumerThread, Duration longestStall) {
        PaceRun run = new PaceRun(settings, uri, latency, longestStall);
        run.producerThread = new Thread(run::produce, "pace-producer");
        run.producerThread.setDaemon(true);
        run.producerThread.start();
        if (consumerThread) {
            run.consumerThread = new Thread(run::consumeLoop, "pace-consumer");
            run.consumerThread.setDaemon(true);
            run.consumerThread.start();
        }
        return run;
    }

    private void produce() {
        long lastNacked = 0;
        long lastChange = System.nanoTime();
        long lastNack = lastChange;
        try {
            while (producing) {
                if (blockedSince >= 0) {
                    LockSupport.parkNanos(1_000_000); // the broker asked us to stop publishing
                    continue;
                }
                long due = schedule.next();
                long wait;
                while (producing && (wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (!producing) {
                    break;
                }
                publisher.publishIntendedAt(due);
                long nacked = publisher.counts().nacked();
                long now = System.nanoTime();
                if (nacked > lastNacked) {
                    lastNacked = nacked;
                    lastNack = now;
                    if (now - lastChange > 100_000_000L) { // nacks come in bursts: react once per 100 ms
                        schedule.slowDown();
                        lastChange = now;
                    }
                } else if (now - Math.max(lastChange, lastNack) > 1_000_000_000L
                        && schedule.rate() < schedule.target()) {
                    // a second without a nack (and since the last change): try a little faster
                    schedule.speedUp();
                    lastChange = now;
                }
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            if (!closing) {
                failure = "the producer failed: " + e.getMessage();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void consumeLoop() {
        while (!closing) {
            if (!consuming) {
                LockSupport.parkNanos(5_000_000);
                continue;
            }
            try {
                consumeOne();
            } catch (TimeoutException idle) {
                // nothing arrived for a moment: the producer is slower, blocked or stopped
            } catch (IOException | RuntimeException e) {
                if (!closing) {
                    failure = "the consumer failed: " + e.getMessage();
                }
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Handles one message at the consumer's pace; throws TimeoutException if none came for a moment. */
    public void consumeOne() throws IOException, TimeoutException, InterruptedException {
        consumer.consume(1);
    }

    /** The consumer stops taking messages (its prefetched ones stay unacknowledged) until resumed. */
    public void stopConsumer() {
        consuming = false;
    }

    public void resumeConsumer() {
        consuming = true;
    }

    /**
     * Stops publishing and waits (up to the confirm timeout) for the outstanding confirms, unless the
     * broker blocks the connection: then they cannot come, and are left outstanding.
     */
    public void stopProducer() throws InterruptedException {
        producing = false;
        producerThread.join(10_000);
        if (blockedSince >= 0) {
            return;
        }
        try {
            publisher.flush();
        } catch (IOException | TimeoutException e) {
            failure = failure != null ? failure : "confirms still outstanding at the end: " + e.getMessage();
        }
    }

    public PaceCounts counts() {
        PublishCounts p = publisher.counts();
        var c = consumer.counts();
        long since = blockedSince;
        long blocked = blockedNanos.get() + (since >= 0 ? System.nanoTime() - since : 0);
        return new PaceCounts(
                p.published(),
                p.confirmed(),
                p.nacked(),
                c.consumed(),
                sequence.outOfOrder(),
                c.redelivered(),
                blockedEvents.get(),
                unblockedEvents.get(),
                blocked,
                since >= 0,
                schedule.rate(),
                lastSent);
    }

    /** Ready messages in the queue, as the broker counts them (a passive declare). */
    public long depth() {
        return Topology.messageCount(admin, queue);
    }

    /** Messages drop-head dropped so far (dead-lettered into a counting queue); 0 in other modes. */
    public long dropped() {
        return settings.backPressure() == BackPressure.DROP_HEAD ? Topology.messageCount(admin, droppedQueue) : 0;
    }

    public Latency latency() {
        return latency;
    }

    /** Confirm latency, from each message's intended send time (as {@link #latency()} is). */
    public Latency confirmLatency() {
        return confirmLatency;
    }

    public long startNanos() {
        return startNanos;
    }

    /**
     * Why the producer or consumer stopped on its own, if it did; else a gap in the producer's sequence
     * where the back-pressure mode loses nothing (one consumer of a classic queue gets it in order, so a
     * gap never closes later). Where the mode refuses or drops by design a gap is counted, not a failure.
     */
    public String failure() {
        if (failure != null || settings.backPressure().skipsMessages()) {
            return failure;
        }
        return sequence.gap();
    }

    /** The producer's sequence as the consumer received it: its order counters. */
    public SequenceCheck sequence() {
        return sequence;
    }

    @Override
    public void close() {
        closing = true;
        producing = false;
        consuming = false;
        try {
            if (producerThread != null) {
                producerThread.join(5_000);
            }
            if (consumerThread != null) {
                consumerThread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connections.closeQuietly(publisher);
        Connections.closeQuietly(consumer);
        Topology.delete(admin, queue);
        Topology.delete(admin, droppedQueue);
        Connections.closeQuietly(producerConnection);
        Connections.closeQuietly(consumerConnection);
        Connections.closeQuietly(admin);
    }
}
