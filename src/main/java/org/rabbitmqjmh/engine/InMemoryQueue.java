package org.rabbitmqjmh.engine;

/**
 * An in-process message queue guarded by one mutex, like the QuickPulse queue of the source
 * document: enqueue answers at once (the in-memory "confirm"), dequeue takes the oldest or waits.
 * When full it drops its oldest message, as the broker's drop-head scratch queues do. It is the
 * ceiling the broker is measured against: what publishing costs with no network and no broker.
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
    notify();
    return kept;
  }

  /** The oldest message, waiting up to {@code millis}; null if none came. */
  public synchronized byte[] dequeue(long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (size == 0) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return null;
      }
      wait(left);
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
