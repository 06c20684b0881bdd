package org.rabbitmqjmh.engine.consume;

import java.time.Duration;

/**
 * How to consume. {@code prefetch} is the channel's QoS (0 = unlimited); {@code ackEvery} is the N of
 * {@link AckMode#MULTIPLE} and may not exceed a non-zero prefetch, or the broker would stop delivering
 * before the consumer acks. {@code idleTimeout} bounds every wait: no message for that long fails the run.
 */
public record ConsumeSettings(
        ConsumeStyle style, AckMode ackMode, int prefetch, int ackEvery, int workers, Work work, Duration idleTimeout) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    public ConsumeSettings {
        if (prefetch < 0 || prefetch > 65535) {
            throw new IllegalArgumentException(
                    "prefetch " + prefetch + " is out of range; allowed: 0 (unlimited) to 65535");
        }
        // A prefetch that changes nothing would make a sweep repeat one trial under several names.
        if (prefetch > 0 && ackMode == AckMode.AUTO) {
            throw new IllegalArgumentException(
                    "prefetch " + prefetch + " does nothing with ack auto: the broker applies "
                            + "QoS only to deliveries awaiting an ack; allowed with ack auto: prefetch 0 (unlimited), or use ack each "
                            + "or multiple");
        }
        if (prefetch > 0 && style == ConsumeStyle.POLLING) {
            throw new IllegalArgumentException(
                    "prefetch " + prefetch + " does nothing with style polling: basic.get takes "
                            + "one message at a time whatever the QoS; allowed with polling: prefetch 0");
        }
        if (ackMode == AckMode.MULTIPLE) {
            if (ackEvery < 1) {
                throw new IllegalArgumentException("ack mode multiple needs ackEvery of at least 1");
            }
            if (prefetch > 0 && ackEvery > prefetch) {
                throw new IllegalArgumentException("ackEvery " + ackEvery + " exceeds prefetch " + prefetch
                        + ": the broker would stop delivering before the ack; allowed: 1.." + prefetch);
            }
            if (style == ConsumeStyle.WORKER_POOL) {
                throw new IllegalArgumentException(
                        "ack mode multiple does not fit the worker-pool style: workers finish "
                                + "out of order, so a multiple ack would cover messages still in work; use ack mode each");
            }
        }
        if (style == ConsumeStyle.WORKER_POOL && workers < 1) {
            throw new IllegalArgumentException("the worker-pool style needs at least 1 worker");
        }
    }

    public static ConsumeSettings of(ConsumeStyle style, AckMode ack, int prefetch) {
        return new ConsumeSettings(
                style,
                ack,
                prefetch,
                ack == AckMode.MULTIPLE ? Math.max(1, prefetch / 2) : 1,
                style == ConsumeStyle.WORKER_POOL ? 4 : 1,
                Work.NONE,
                DEFAULT_IDLE_TIMEOUT);
    }

    public ConsumeSettings withWorkers(int n) {
        return new ConsumeSettings(style, ackMode, prefetch, ackEvery, n, work, idleTimeout);
    }

    public ConsumeSettings withWork(Work w) {
        return new ConsumeSettings(style, ackMode, prefetch, ackEvery, workers, w, idleTimeout);
    }

    public ConsumeSettings withIdleTimeout(Duration d) {
        return new ConsumeSettings(style, ackMode, prefetch, ackEvery, workers, work, d);
    }
}
