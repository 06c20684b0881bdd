package org.rabbitmqjmh.programs;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The failover program's clients: a paced publisher with a window of outstanding confirms, and a
 * consumer with manual acks, both on connections that recover by themselves. Every message carries its
 * id, so the end can say which confirmed messages never arrived and which arrived twice.
 *
 * <p>The publisher keeps what it sent but has no confirm for by id. A connection lost takes those
 * confirms with it (a new channel's sequence numbers start again), so once recovered the publisher
 * publishes them again: at least once, which is what a client must do to lose nothing, and what makes
 * duplicates possible.
 */
final class FailoverLoad implements AutoCloseable {

    record Settings(int rate, int window, int size) {}

    /** What both clients counted, and when the first message published after the kill got through. */
    record Counts(
            long published,
            long confirmed,
            long nacked,
            long republished,
            long unconfirmed,
            long delivered,
            long duplicates,
            long lost,
            long firstConfirmAfterKillNanos,
            long firstDeliveryAfterKillNanos,
            long publisherRecoveries,
            long consumerRecoveries) {}

    private final Connection publisherConnection;
    private final Connection consumerConnection;
    private final Channel publishing;
    private final Channel consuming;
    private final String queue;
    private final Settings settings;
    private final Semaphore window;
    /** Channel sequence number to message id, of the messages not yet confirmed. */
    private final ConcurrentSkipListMap<Long, Long> outstanding = new ConcurrentSkipListMap<>();

    private final BitSet confirmedIds = new BitSet();
    private final BitSet deliveredIds = new BitSet();
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    /** The id of a message published outside the load (Failover's fresh-channel probe): not counted. */
    static final long PROBE_ID = -1;

    private final AtomicLong nacked = new AtomicLong();
    private final AtomicLong republished = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong publisherRecoveries = new AtomicLong();
    private final AtomicLong consumerRecoveries = new AtomicLong();
    private volatile long watchFromId = Long.MAX_VALUE;
    private volatile long firstConfirmAfter;
    private volatile long firstDeliveryAfter;
    private volatile boolean recovered;
    private volatile boolean stopping;
    private final Thread publisherThread;
    private final byte[] body;

    private FailoverLoad(Connection pub, Connection con, String queue, Settings settings) throws IOException {
        this.publisherConnection = pub;
        this.consumerConnection = con;
        this.queue = queue;
        this.settings = settings;
        this.window = new Semaphore(settings.window());
        this.body = new byte[settings.size()];
        publishing = pub.createChannel();
        publishing.confirmSelect();
        publishing.addConfirmListener(this::confirmed, this::nacked);
        ((Recoverable) pub).addRecoveryListener(listener(() -> {
            publisherRecoveries.incrementAndGet();
            recovered = true;
        }));
        consuming = con.createChannel();
        consuming.basicQos(100);
        ((Recoverable) con).addRecoveryListener(listener(consumerRecoveries::incrementAndGet));
        consuming.basicConsume(queue, false, new DefaultConsumer(consuming) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties p, byte[] b)
                    throws IOException {
                delivery(ByteBuffer.wrap(b).getLong());
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            }
        });
        publisherThread = new Thread(this::publishLoop, "rabbitmq-jmh-failover-publisher");
        publisherThread.setDaemon(true);
    }

    static FailoverLoad start(Connection pub, Connection con, String queue, Settings settings) throws IOException {
        FailoverLoad load = new FailoverLoad(pub, con, queue, settings);
        load.publisherThread.start();
        return load;
    }

    private static RecoveryListener listener(Runnable onRecovery) {
        return new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable r) {
                onRecovery.run();
            }

            @Override
            public void handleRecoveryStarted(Recoverable r) {}
        };
    }

    /** The id the next new message will get: messages from here on were published after the caller's instant. */
    long nextId() {
        long id = nextId.get();
        watchFromId = id;
        return id;
    }

    private void publishLoop() {
        long interval = TimeUnit.SECONDS.toNanos(1) / settings.rate();
        long due = System.nanoTime();
        ArrayDeque<Long> again = new ArrayDeque<>();
        while (!stopping) {
            try {
                if (recovered) {
                    recovered = false;
                    // The lost channel's confirms will never come: publish those messages again.
                    for (Long id : outstanding.values()) {
                        again.add(id);
                        republished.incrementAndGet();
                    }
                    int lost = outstanding.size();
                    outstanding.clear();
                    window.release(lost);
                }
                long now = System.nanoTime();
                if (now < due) {
                    LockSupport.parkNanos(due - now);
                    continue;
                }
                // After an outage, carry on at the offered rate rather than make up for the time lost in a burst.
                due = Math.max(due + interval, now - TimeUnit.MILLISECONDS.toNanos(100));
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                long id = again.isEmpty() ? nextId.getAndIncrement() : again.poll();
                try {
                    ByteBuffer.wrap(body).putLong(0, id);
                    long seq = publishing.getNextPublishSeqNo();
                    outstanding.put(seq, id);
                    publishing.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, body);
                    published.incrementAndGet();
                } catch (IOException | AlreadyClosedException e) {
                    // The connection is down: the message goes again once it is back.
                    outstanding.values().remove(id);
                    window.release();
                    again.addFirst(id);
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void confirmed(long seq, boolean multiple) {
        settle(seq, multiple, true);
    }

    private void nacked(long seq, boolean multiple) {
        settle(seq, multiple, false);
    }

    private void settle(long seq, boolean multiple, boolean ack) {
        Map<Long, Long> done = multiple ? outstanding.headMap(seq, true) : outstanding.subMap(seq, true, seq, true);
        long now = System.nanoTime();
        int n = 0;
        for (Long id : done.values()) {
            n++;
            if (ack) {
                synchronized (confirmedIds) {
                    confirmedIds.set(Math.toIntExact(id));
                }
                if (id >= watchFromId && firstConfirmAfter == 0) {
                    firstConfirmAfter = now;
                }
            } else {
                nacked.incrementAndGet();
            }
        }
        done.clear();
        window.release(n);
    }

    private void delivery(long id) {
        if (id == PROBE_ID) {
            return;
        }
        delivered.incrementAndGet();
        synchronized (deliveredIds) {
            if (deliveredIds.get(Math.toIntExact(id))) {
                duplicates.incrementAndGet();
            }
            deliveredIds.set(Math.toIntExact(id));
        }
        if (id >= watchFromId && firstDeliveryAfter == 0) {
            firstDeliveryAfter = System.nanoTime();
        }
    }

    /**
     * Stops publishing, waits (up to {@code timeout}) for every outstanding confirm and for every
     * confirmed message to be delivered, and counts.
     */
    Counts stopAndSettle(Duration timeout) throws InterruptedException {
        stopping = true;
        publisherThread.join(5000);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && (!outstanding.isEmpty() || missing() > 0)) {
            Thread.sleep(100);
        }
        long confirmed;
        synchronized (confirmedIds) {
            confirmed = confirmedIds.cardinality();
        }
        return new Counts(
                published.get(),
                confirmed,
                nacked.get(),
                republished.get(),
                outstanding.size(),
                delivered.get(),
                duplicates.get(),
                missing(),
                firstConfirmAfter,
                firstDeliveryAfter,
                publisherRecoveries.get(),
                consumerRecoveries.get());
    }

    /** Confirmed messages not delivered (yet). */
    private long missing() {
        BitSet m;
        synchronized (confirmedIds) {
            m = (BitSet) confirmedIds.clone();
        }
        synchronized (deliveredIds) {
            m.andNot(deliveredIds);
        }
        return m.cardinality();
    }

    @Override
    public void close() {
        stopping = true;
        publisherThread.interrupt();
        try {
            if (consuming.isOpen()) {
                consuming.queueDelete(queue);
            }
        } catch (IOException | RuntimeException e) {
            // the cluster is stopped next: the queue goes with it
        }
    }
}
