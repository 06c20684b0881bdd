package org.rabbitmqjmh.engine.consume;

import org.rabbitmqjmh.engine.Enums;

/** When a consumer acknowledges. */
public enum AckMode {
    /** The broker forgets a message as it sends it: at most once; QoS prefetch does not apply. */
    AUTO,
    /** One basic.ack per message, after its work. */
    EACH,
    /** One basic.ack(multiple) every N messages, and for the rest when the consumer finishes. */
    MULTIPLE;

    public static AckMode parse(String value) {
        return Enums.parse(AckMode.class, value, "ack mode");
    }
}
