package org.rabbitmqjmh.engine.consume;

/** Told of each message a {@link QueueConsumer} handles, on the thread that handles it. */
@FunctionalInterface
public interface MessageObserver {

    /** {@code sentNanos} is the stamp the publisher wrote; both times are {@link System#nanoTime()} values. */
    void received(long id, long sentNanos, long receivedNanos);
}
