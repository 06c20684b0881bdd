package org.rabbitmqjmh.engine.publish;

import com.rabbitmq.client.ConfirmListener;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/**
 * Tracks a channel's unconfirmed messages without allocating: a ring of send times indexed by
 * publish sequence number, sized above the most that may be outstanding. Confirms may be single or
 * "multiple" and, across queues, out of order; each message is counted once either way.
 */
final class ConfirmTracker implements ConfirmListener {

    /**
     * {@code -Drabbitmqjmh.confirm.spin.ns=N}: before parking for a confirm, spin for up to N ns watching
     * the count (a lever of results/noise: park against spin-then-park). Zero, the default, parks at once
     * and the JIT drops the spin.
     */
    static final String SPIN_PROPERTY = "rabbitmqjmh.confirm.spin.ns";

    private static final long SPIN_NANOS = Long.getLong(SPIN_PROPERTY, 0);
    private static final VarHandle OUTSTANDING;

    static {
        try {
            OUTSTANDING = MethodHandles.lookup().findVarHandle(ConfirmTracker.class, "outstanding", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    private final long[] sentNanos;
    private final boolean[] pending;
    private final int mask;
    private final TimingRecorder recorder;
    private final Latency latency;
    private long lowestPending = 1;
    private long highestSent;
    private long outstanding;
    private long acked;
    private long nacked;
    private long waitingFor = -1;
    private String closedBy;

    ConfirmTracker(int maxOutstanding, TimingRecorder recorder, Latency latency) {
        int size = Integer.highestOneBit(Math.max(2, maxOutstanding) * 2 - 1) * 2;
        this.sentNanos = new long[size];
        this.pending = new boolean[size];
        this.mask = size - 1;
        this.recorder = recorder;
        this.latency = latency;
    }

    /** Call before publishing message {@code seqNo} (the channel's next publish sequence number). */
    void sent(long seqNo, long nanos) {
        lock.lock();
        try {
            int i = (int) (seqNo & mask);
            sentNanos[i] = nanos;
            pending[i] = true;
            highestSent = seqNo;
            outstanding++;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void handleAck(long deliveryTag, boolean multiple) {
        complete(deliveryTag, multiple, true);
    }

    @Override
    public void handleNack(long deliveryTag, boolean multiple) {
        complete(deliveryTag, multiple, false);
    }

    private void complete(long tag, boolean multiple, boolean ack) {
        long now = System.nanoTime();
        lock.lock();
        try {
            long from = multiple ? lowestPending : tag;
            for (long s = from; s <= tag; s++) {
                int i = (int) (s & mask);
                if (!pending[i]) {
                    continue;
                }
                pending[i] = false;
                outstanding--;
                if (ack) {
                    acked++;
                    latency.record(now - sentNanos[i]);
                    recorder.second(s - 1, now);
                } else {
                    nacked++;
                }
            }
            while (lowestPending <= highestSent && !pending[(int) (lowestPending & mask)]) {
                lowestPending++;
            }
            if (waitingFor >= 0 && outstanding <= waitingFor) {
                progress.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The channel closed: every wait ends, failing with {@code why}. */
    void closed(String why) {
        lock.lock();
        try {
            closedBy = why;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until at most {@code max} messages are unconfirmed; bounded by {@code timeout}. */
    void awaitOutstandingAtMost(long max, Duration timeout) throws TimeoutException, InterruptedException {
        if (SPIN_NANOS > 0) {
            // An opaque read sees the reader thread's updates without the lock, so the writes stay plain.
            long until = System.nanoTime() + SPIN_NANOS;
            while ((long) OUTSTANDING.getOpaque(this) > max && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
        lock.lock();
        try {
            long left = timeout.toNanos();
            while (outstanding > max) {
                if (closedBy != null) {
                    throw new IllegalStateException(
                            "the channel closed with " + outstanding + " messages unconfirmed: " + closedBy);
                }
                if (left <= 0) {
                    throw new TimeoutException(
                            outstanding + " messages still unconfirmed after " + timeout.toSeconds() + " s");
                }
                waitingFor = max;
                left = progress.awaitNanos(left);
            }
            waitingFor = -1;
        } finally {
            lock.unlock();
        }
    }

    long acked() {
        lock.lock();
        try {
            return acked;
        } finally {
            lock.unlock();
        }
    }

    long outstanding() {
        lock.lock();
        try {
            return outstanding;
        } finally {
            lock.unlock();
        }
    }

    long nacked() {
        lock.lock();
        try {
            return nacked;
        } finally {
            lock.unlock();
        }
    }
}
