package org.rabbitmqjmh.engine;

/** What a queue with a length limit does when full (x-overflow). */
public enum Overflow {
    /** Drop the oldest message: the publisher never notices. */
    DROP_HEAD("drop-head"),
    /** Refuse the new message: with confirms on, the publisher gets a nack. */
    REJECT_PUBLISH("reject-publish");

    private final String argument;

    Overflow(String argument) {
        this.argument = argument;
    }

    public String argument() {
        return argument;
    }

    public static Overflow parse(String value) {
        return Enums.parse(Overflow.class, value, "overflow");
    }
}
