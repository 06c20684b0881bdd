package org.rabbitmqjmh.engine.publish;

/**
 * An in-process message queue guarded by one mutex, like the QuickPulse queue of the source
 * document: enqueue answers at once (the in-memory "confirm"), dequeue takes the oldest or answers
 * null when empty, as QuickPulse answers an error. Nobody waits on the mutex: a wait/notify handoff
 * made each enqueue's cost depend on whether the reader happened to be asleep, and forks of the same
 * code differed threefold. When full it drops its oldest message, as the broker's drop-head scratch
 * queues do. It is the ceiling the broker is measured against: publishing with no network, no broker.
 */
public final class InMemoryQueue {

    private final byte[][] ring;
    private int head;
    private int size;
    private long dropped;

    public InMemoryQueue(int capacity) {
        this.ring = new byte[capacity][];
    }

    /** Always accepts; returns false when an old message was dropped to make room. */
    public synchronized boolean enqueue(byte[] body) {
        boolean kept = true;
        if (size == ring.length) {
            head = (head + 1) % ring.length;
            size--;
            dropped++;
            kept = false;
        }
        ring[(head + size) % ring.length] = body;
        size++;
        return kept;
    }

    /** The oldest message, or null when the queue is empty. */
    public synchronized byte[] dequeue() {
        if (size == 0) {
            return null;
        }
        byte[] b = ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
        return b;
    }

    public synchronized int size() {
        return size;
    }

    public synchronized long dropped() {
        return dropped;
    }
}
