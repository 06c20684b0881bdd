package org.rabbitmqjmh.engine.publish;

import org.rabbitmqjmh.engine.Enums;

/** How a publisher learns that the broker has taken responsibility for its messages. */
public enum ConfirmMode {
    /** Fire and forget: at most once. */
    NONE,
    /** Publish, then wait for that message's confirm ("unary"). */
    UNARY,
    /** Publish N, then wait until all N are confirmed. */
    BATCH,
    /** At most N unconfirmed at any time; confirms handled by a listener as they come ("streaming"). */
    ASYNC_WINDOW,
    /** A transaction committed every N messages (tx.select / tx.commit). */
    TRANSACTION;

    public boolean confirms() {
        return this == UNARY || this == BATCH || this == ASYNC_WINDOW;
    }

    public static ConfirmMode parse(String value) {
        return Enums.parse(ConfirmMode.class, value, "confirm mode");
    }
}
