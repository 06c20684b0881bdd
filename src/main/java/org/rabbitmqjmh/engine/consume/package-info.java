/**
 * The consume path: {@code QueueConsumer} in each {@code ConsumeStyle} and {@code AckMode} of its
 * {@code ConsumeSettings}, the {@code Quota} it must handle, the {@code Work} it does per message, duplicate
 * and missing ids ({@code IdLedger}), gaps and order in each publisher's sequence ({@code SequenceCheck}),
 * and {@code DrainedQueue}, the bounded scratch queue a consumer drains
 * for publish benchmarks. Not here: connections and topology (engine), publishers (engine.publish), timing
 * rows (engine.timing).
 */
package org.rabbitmqjmh.engine.consume;
