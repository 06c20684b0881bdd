/**
 * The publish path: {@code Publisher} (one channel, one message per call, the {@code ConfirmMode} its
 * {@code PublishSettings} name), {@code ConfirmTracker} for unconfirmed messages, {@code PublishCounts},
 * and the in-memory ceiling it is measured against ({@code InMemoryQueue}, {@code InMemoryPublishPath}).
 * Not here: connections, queues and message bodies (engine), consumers (engine.consume), timing rows
 * (engine.timing).
 */
package org.rabbitmqjmh.engine.publish;
