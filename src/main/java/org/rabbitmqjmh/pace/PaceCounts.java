package org.rabbitmqjmh.pace;

/**
 * Everything a pace run has counted since it started, read at one moment. {@code blockedNanos} includes
 * a block still in progress. {@code lastSentNanos} is the send stamp of the newest message consumed.
 */
public record PaceCounts(
        long published,
        long confirmed,
        long nacked,
        long consumed,
        long outOfOrder,
        long redelivered,
        long blockedEvents,
        long unblockedEvents,
        long blockedNanos,
        boolean blocked,
        double producerRate,
        long lastSentNanos) {}
