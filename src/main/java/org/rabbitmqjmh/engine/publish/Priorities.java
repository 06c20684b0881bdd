package org.rabbitmqjmh.engine.publish;

import org.rabbitmqjmh.engine.Share;

/**
 * Which messages of a publisher go out with a high priority ({@link #HIGH}), the others normal: a
 * {@link Share} of them, so a consumer knows a message's class from its id. RabbitMQ 4.0's quorum queues
 * have two classes, high (a priority above 4) and normal; a classic queue declared with
 * {@code x-max-priority} orders by the number itself. {@link #NONE}: no priority property at all.
 */
public record Priorities(Share high) {

    /** The priority of a high message, and of a normal one (set explicitly, as a publisher that uses them would). */
    public static final int HIGH = 9;

    public static final int NORMAL = 0;
    public static final Priorities NONE = new Priorities(Share.NONE);

    /** {@code percent} of the messages high: the {@code highShare} param. */
    public static Priorities ofShare(int percent) {
        return new Priorities(Share.ofPercent(percent, "highShare"));
    }

    public boolean any() {
        return high.any();
    }

    public boolean isHigh(long id) {
        return high.picks(id);
    }
}
