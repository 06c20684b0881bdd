package org.rabbitmqjmh.protocols;

/**
 * One protocol's consuming side: a subscription that hands every body to its callback (on a client
 * thread) and acknowledges it the protocol's usual way, with up to the prefetch unacknowledged.
 */
public interface MessageReceiver extends AutoCloseable {

    @Override
    void close();
}
