package org.rabbitmqjmh.pace;

import java.util.Locale;
import java.util.Optional;
import org.rabbitmqjmh.engine.Enums;
import org.rabbitmqjmh.engine.Overflow;

/** What stops a fast producer from filling the broker. Every mode publishes with a confirm window. */
public enum BackPressure {
    /** Only the window of outstanding confirms: the queue may grow without bound. */
    CONFIRMS,
    /** {@code x-max-length} with overflow {@code reject-publish}: the broker nacks, the producer slows down. */
    REJECT_PUBLISH,
    /** {@code x-max-length} with overflow {@code drop-head}: the oldest messages are dropped and counted. */
    DROP_HEAD,
    /** The broker's memory high watermark, set low: connection.blocked stops the producer until unblocked. */
    MEMORY_ALARM;

    /**
     * Whether the mode leaves holes in the publisher's sequence by design (a nacked message never enters the
     * queue; a dropped one leaves it unconsumed), so a gap the consumer sees is no fault there.
     */
    public boolean skipsMessages() {
        return overflow().isPresent();
    }

    /** The queue's overflow behaviour when this mode limits its length. */
    public Optional<Overflow> overflow() {
        return switch (this) {
            case REJECT_PUBLISH -> Optional.of(Overflow.REJECT_PUBLISH);
            case DROP_HEAD -> Optional.of(Overflow.DROP_HEAD);
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static BackPressure parse(String value) {
        return Enums.parse(BackPressure.class, value, "back-pressure");
    }
}
