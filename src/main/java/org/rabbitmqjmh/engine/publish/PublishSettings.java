package org.rabbitmqjmh.engine.publish;

import java.time.Duration;
import org.rabbitmqjmh.engine.MessageCodec;

/**
 * How to publish. {@code batchSize} is the N of {@link ConfirmMode#BATCH}, {@link ConfirmMode#ASYNC_WINDOW}
 * and {@link ConfirmMode#TRANSACTION}; 0 means batching off: per message for BATCH and TRANSACTION, and
 * a window of {@value #UNBOUNDED_WINDOW} (unbounded in practice) for ASYNC_WINDOW.
 */
public record PublishSettings(
        int messageSize, ConfirmMode confirmMode, int batchSize, boolean persistent, Duration confirmTimeout) {

    public static final int UNBOUNDED_WINDOW = 1 << 16;
    public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    public PublishSettings {
        MessageCodec.checkSize(messageSize);
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size " + batchSize + " is negative; allowed: 0 (off) or more");
        }
        if (batchSize > UNBOUNDED_WINDOW) {
            throw new IllegalArgumentException(
                    "batch size " + batchSize + " is too large; allowed: 0.." + UNBOUNDED_WINDOW);
        }
    }

    public static PublishSettings of(int messageSize, ConfirmMode mode, int batchSize, boolean persistent) {
        return new PublishSettings(messageSize, mode, batchSize, persistent, DEFAULT_CONFIRM_TIMEOUT);
    }

    /** Messages per wait (BATCH), per commit (TRANSACTION) or in flight (ASYNC_WINDOW). */
    public int effectiveBatch() {
        if (batchSize > 0) {
            return batchSize;
        }
        return confirmMode == ConfirmMode.ASYNC_WINDOW ? UNBOUNDED_WINDOW : 1;
    }
}
