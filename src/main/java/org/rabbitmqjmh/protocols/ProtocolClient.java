package org.rabbitmqjmh.protocols;

import java.util.function.Consumer;

/**
 * One protocol's client for a trial: opens senders and receivers on a {@link Destination}, each with
 * a connection of its own. Every wait on the broker is bounded (connect, subscribe, close); a failure
 * is a {@link org.rabbitmqjmh.broker.BrokerException} with one line naming the protocol and the cause.
 */
public interface ProtocolClient {

    MessageSender sender(Destination destination);

    /**
     * Subscribes to the destination and returns once the broker has confirmed the subscription (so a
     * message sent after this returns reaches it), acknowledging each message after {@code onMessage}.
     */
    MessageReceiver receiver(Destination destination, Consumer<byte[]> onMessage, int prefetch);
}
