package org.rabbitmqjmh.engine.timing;

import java.time.Instant;

/**
 * Converts nanoTime readings to epoch microseconds for CSV output. The hot path only reads nanoTime
 * (cheap, monotonic); the conversion uses one anchor pair taken at class load, after the timed work.
 */
public final class Clock {

    private static final long ANCHOR_NANOS;
    private static final long ANCHOR_EPOCH_MICROS;

    static {
        Instant now = Instant.now();
        ANCHOR_NANOS = System.nanoTime();
        ANCHOR_EPOCH_MICROS = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private Clock() {}

    public static long epochMicros(long nanoTime) {
        return ANCHOR_EPOCH_MICROS + Math.floorDiv(nanoTime - ANCHOR_NANOS, 1_000L);
    }
}
