package org.rabbitmqjmh.engine.consume;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * How many messages a consume call (or several consumers together) must handle. Each message is
 * claimed before its work and marked done after its ack, so "complete" means handled and acknowledged.
 */
public final class Quota {

    private final long target;
    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final Object signal = new Object();

    public Quota(long target) {
        if (target < 0) {
            throw new IllegalArgumentException("message count " + target + " is negative");
        }
        this.target = target;
    }

    /** True if the caller may handle one more message. */
    boolean claim() {
        if (claimed.get() >= target) {
            return false;
        }
        return claimed.incrementAndGet() <= target;
    }

    boolean allClaimed() {
        return claimed.get() >= target;
    }

    void done() {
        if (done.incrementAndGet() >= target) {
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }

    public boolean complete() {
        return done.get() >= target;
    }

    public long doneCount() {
        return done.get();
    }

    public long target() {
        return target;
    }

    /**
     * Waits until complete. Fails if nothing was done for {@code idle}, or as soon as {@code failure}
     * names a reason (a closed channel).
     */
    void await(Duration idle, Supplier<String> failure) throws TimeoutException, InterruptedException {
        long lastDone = done.get();
        long lastProgress = System.nanoTime();
        while (!complete()) {
            String why = failure.get();
            if (why != null) {
                throw new IllegalStateException(
                        "consuming stopped after " + done.get() + " of " + target + " messages: " + why);
            }
            synchronized (signal) {
                if (!complete()) {
                    signal.wait(50);
                }
            }
            long now = done.get();
            if (now != lastDone) {
                lastDone = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > idle.toNanos()) {
                throw new TimeoutException(
                        "no message for " + idle.toSeconds() + " s: consumed " + now + " of " + target);
            }
        }
    }
}
