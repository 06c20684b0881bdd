package org.rabbitmqjmh.protocols;

/**
 * What a sender is told about one message it sent, on whichever client thread learns it: the broker
 * took responsibility for it (publisher confirm, PUBACK, RECEIPT, stream confirm, accepted
 * disposition), or refused it.
 */
public interface Acks {

    void acked();

    /** The broker refused the message or the connection failed before it answered; {@code why} is one line. */
    void failed(String why);
}
