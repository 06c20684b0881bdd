package org.rabbitmqjmh.engine.consume;

/**
 * What a consumer did. {@code duplicates} counts ids seen before (only with an {@link IdLedger});
 * {@code unclaimed} counts deliveries that arrived after the consumer's quota was met and were left
 * for the broker to requeue (or, with auto-ack, were dropped).
 */
public record ConsumeCounts(long consumed, long acked, long redelivered, long duplicates, long unclaimed) {

    public static final ConsumeCounts ZERO = new ConsumeCounts(0, 0, 0, 0, 0);

    public ConsumeCounts plus(ConsumeCounts o) {
        return new ConsumeCounts(
                consumed + o.consumed,
                acked + o.acked,
                redelivered + o.redelivered,
                duplicates + o.duplicates,
                unclaimed + o.unclaimed);
    }
}
