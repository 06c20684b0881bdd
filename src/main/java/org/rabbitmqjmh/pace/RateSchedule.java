package org.rabbitmqjmh.pace;

/**
 * When each message is meant to be sent: message k+1 is due 1/rate after message k, whatever happened
 * to message k. A producer that stalls does not push its schedule back; it finds the missed messages
 * overdue and sends them at once, stamped with their due times, so every latency measured from the
 * stamp includes the stall (no coordinated omission).
 *
 * <p>The rate adapts additively-increase, multiplicatively-decrease: {@link #slowDown()} halves it
 * (not below 1% of the target), {@link #speedUp()} adds a tenth of the target (not above it).
 * Not thread-safe: the producer's thread owns it; {@link #rate()} may be read from others.
 */
public final class RateSchedule {

    private final double target;
    private final double floor;
    private volatile double rate;
    private double next;

    public RateSchedule(double target, long startNanos) {
        this.target = target;
        this.floor = Math.max(target / 100, Math.min(1, target));
        this.rate = target;
        this.next = startNanos;
    }

    /** The due time of the next message, and moves on by one interval at the current rate. */
    public long next() {
        long due = (long) next;
        next += 1e9 / rate;
        return due;
    }

    public void slowDown() {
        rate = Math.max(floor, rate / 2);
    }

    public void speedUp() {
        rate = Math.min(target, rate + target / 10);
    }

    public double rate() {
        return rate;
    }

    public double target() {
        return target;
    }
}
