package org.rabbitmqjmh.protocols;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.rabbitmqjmh.broker.BrokerException;

/**
 * How many sent messages may await the broker's acknowledgement: 1 is the unary form (each send waits
 * for the previous message's acknowledgement), N the streaming form. The same gate for every protocol,
 * so the protocols differ only in what they put on the wire. A wait is bounded: an acknowledgement that
 * never comes fails the trial instead of hanging it.
 */
public final class OutstandingWindow {

    static final long TIMEOUT_SECONDS = 30;

    private final Semaphore slots;
    private final int size;

    public OutstandingWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("window " + size + " is too small; allowed: 1 or more");
        }
        this.size = size;
        this.slots = new Semaphore(size);
    }

    public int size() {
        return size;
    }

    /** Takes a slot, waiting for an acknowledgement to free one. */
    public void acquire() throws InterruptedException {
        if (!slots.tryAcquire(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new BrokerException("no acknowledgement from the broker for " + TIMEOUT_SECONDS + " s with " + size
                    + " message" + (size == 1 ? "" : "s") + " outstanding");
        }
    }

    public void release() {
        slots.release();
    }

    /** Waits until every outstanding message is acknowledged (or failed); false on timeout. */
    public boolean drain() throws InterruptedException {
        if (slots.tryAcquire(size, TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            slots.release(size);
            return true;
        }
        return false;
    }
}
