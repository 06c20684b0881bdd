package org.rabbitmqjmh.engine.consume;

import org.rabbitmqjmh.engine.Enums;

/** Who takes messages off the channel and on which thread the work runs. */
public enum ConsumeStyle {
    /** The caller polls with basic.get: one round trip per message, no prefetch. */
    POLLING,
    /** The client pushes deliveries into a queue; the caller takes them ("blocking consumer"). */
    BLOCKING_HANDOFF,
    /** The work runs in the client's DeliverCallback, on its consumer thread ("asynchronous consumer"). */
    CALLBACK,
    /** The DeliverCallback hands each message to a pool of worker threads. */
    WORKER_POOL;

    public static ConsumeStyle parse(String value) {
        return Enums.parse(ConsumeStyle.class, value, "consumer style");
    }
}
