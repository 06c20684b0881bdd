package org.rabbitmqjmh.protocols;

/**
 * One protocol's publishing side, connected to the trial's destination. {@link #send} hands the
 * message to the client and returns; the broker's acknowledgement arrives later through {@link Acks}.
 * How many may be outstanding is the caller's business ({@code OutstandingWindow}): a client's own
 * limit, where it has one, is set at least as high so that it never decides instead.
 */
public interface MessageSender extends AutoCloseable {

    void send(byte[] body, Acks acks) throws Exception;

    /** Closes the connection; bounded by the client's own timeouts, never throws. */
    @Override
    void close();
}
