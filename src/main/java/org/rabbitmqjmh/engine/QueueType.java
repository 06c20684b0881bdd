package org.rabbitmqjmh.engine;

/** The broker-side queue implementation; each needs its own declare arguments. */
public enum QueueType {
    CLASSIC("classic"),
    /** Replicated Raft log; always durable. */
    QUORUM("quorum"),
    /** Append-only log; consumers need manual ack and a prefetch. */
    STREAM("stream");

    private final String argument;

    QueueType(String argument) {
        this.argument = argument;
    }

    /** The value of the x-queue-type argument. */
    public String argument() {
        return argument;
    }

    public static QueueType parse(String value) {
        return Enums.parse(QueueType.class, value, "queue type");
    }
}
