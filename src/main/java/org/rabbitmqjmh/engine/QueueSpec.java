package org.rabbitmqjmh.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What queue to declare. {@code maxLength} bounds a queue so a fast publisher cannot drive the broker
 * into its memory alarm (and so a benchmark measures publishing, not the alarm).
 */
public record QueueSpec(String name, QueueType type, boolean durable, Optional<Long> maxLength, Overflow overflow) {

    /**
     * Safety net for brokers we do not own: a queue left by an interrupted run disappears once unused
     * for this long. Streams do not support x-expires; their runs delete them at teardown.
     */
    public static final long EXPIRES_MS = 30 * 60 * 1000L;

    public QueueSpec {
        if (type != QueueType.CLASSIC && !durable) {
            throw new IllegalArgumentException(type.argument() + " queues are always durable");
        }
    }

    public static QueueSpec classic(String name, boolean durable) {
        return new QueueSpec(name, QueueType.CLASSIC, durable, Optional.empty(), Overflow.DROP_HEAD);
    }

    public static QueueSpec of(String name, QueueType type) {
        return new QueueSpec(name, type, true, Optional.empty(), Overflow.DROP_HEAD);
    }

    public QueueSpec withMaxLength(long length, Overflow overflow) {
        return new QueueSpec(name, type, durable, Optional.of(length), overflow);
    }

    Map<String, Object> arguments(boolean expires) {
        Map<String, Object> args = new HashMap<>();
        args.put("x-queue-type", type.argument());
        maxLength.ifPresent(max -> {
            args.put("x-max-length", max);
            if (type != QueueType.STREAM) {
                args.put("x-overflow", overflow.argument());
            }
        });
        if (expires && type != QueueType.STREAM) {
            args.put("x-expires", EXPIRES_MS);
        }
        return args;
    }
}
