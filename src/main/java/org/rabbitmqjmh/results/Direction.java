package org.rabbitmqjmh.results;

import java.util.Set;

/**
 * Whether a bigger score is good news: it is for throughput, it is not for time per operation nor for
 * a cost per message.
 */
public enum Direction {
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER;

    /**
     * The unit says it most directly ({@code ops/s} versus {@code us/op}); the mode decides when the unit is
     * unusual. JMH's modes: thrpt is operations per time, avgt, sample and ss are time per operation.
     */
    public static Direction of(String mode, String unit) {
        String u = unit == null ? "" : unit.trim();
        if (u.startsWith("ops/")) {
            return HIGHER_IS_BETTER;
        }
        if (u.endsWith("/op")
                || u.endsWith("/msg")
                || Set.of("ns", "us", "ms", "s").contains(u)) {
            return LOWER_IS_BETTER; // time per operation; a cost per message (ns/msg, B/msg); a latency (us)
        }
        return "thrpt".equals(mode) ? HIGHER_IS_BETTER : LOWER_IS_BETTER;
    }
}
