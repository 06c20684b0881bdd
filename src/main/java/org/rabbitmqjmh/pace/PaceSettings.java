package org.rabbitmqjmh.pace;

import java.time.Duration;
import org.rabbitmqjmh.engine.MessageCodec;
import org.rabbitmqjmh.engine.QueueType;

/**
 * One pace-matching run: the producer's and the consumer's rates (messages per second), the message
 * size, the consumer's prefetch, the producer's window of outstanding confirms, the back-pressure mode
 * and the queue length limit it uses ({@code reject-publish}, {@code drop-head}); the paced queue's type
 * (classic, the default, or quorum).
 */
public record PaceSettings(
        double producerRate,
        double consumerRate,
        int messageSize,
        int prefetch,
        int confirmWindow,
        BackPressure backPressure,
        long maxLength,
        QueueType queueType) {

    /** On a classic queue, as the pace experiments run. */
    public PaceSettings(
            double producerRate,
            double consumerRate,
            int messageSize,
            int prefetch,
            int confirmWindow,
            BackPressure backPressure,
            long maxLength) {
        this(
                producerRate,
                consumerRate,
                messageSize,
                prefetch,
                confirmWindow,
                backPressure,
                maxLength,
                QueueType.CLASSIC);
    }

    public PaceSettings {
        MessageCodec.checkSize(messageSize);
        if (!(producerRate > 0) || producerRate > 1_000_000) {
            throw new IllegalArgumentException(
                    "producer rate " + producerRate + " msg/s is out of range; allowed: 0 < rate <= 1000000");
        }
        if (!(consumerRate > 0) || consumerRate > 1_000_000) {
            throw new IllegalArgumentException(
                    "consumer rate " + consumerRate + " msg/s is out of range; allowed: 0 < rate <= 1000000");
        }
        if (prefetch < 1 || prefetch > 65535) {
            throw new IllegalArgumentException("prefetch " + prefetch + " is out of range; allowed: 1..65535");
        }
        if (confirmWindow < 1 || confirmWindow > 65535) {
            throw new IllegalArgumentException(
                    "confirm window " + confirmWindow + " is out of range; allowed: 1..65535");
        }
        if (queueType == QueueType.STREAM) {
            throw new IllegalArgumentException("a stream keeps every message, so its depth cannot show a backlog; "
                    + "allowed queue types: classic, quorum");
        }
        if (backPressure.overflow().isPresent() && maxLength < 1) {
            throw new IllegalArgumentException(
                    backPressure + " needs a queue length limit of at least 1, not " + maxLength);
        }
    }

    /** The consumer's slot: it handles at most one message per interval, which is its rate. */
    Duration consumerInterval() {
        return Duration.ofNanos(Math.round(1e9 / consumerRate));
    }
}
