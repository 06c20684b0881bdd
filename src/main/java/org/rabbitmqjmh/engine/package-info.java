/**
 * What the publish and consume paths share: connections ({@code Connections}, {@code SocketIo}, blocked
 * connections), queue topology ({@code Topology}, {@code QueueSpec}, {@code QueueType}, {@code Overflow}),
 * message bodies ({@code MessageCodec}), the client's totals for the broker cross-check
 * ({@code ClientTotals}), and the deliberate slowdowns of the gate proofs. The paths themselves are in
 * engine.publish and engine.consume, timing rows and latency in engine.timing; this package uses none of
 * them. Not here: the broker (broker), the run (run), the OS's counters (host).
 */
package org.rabbitmqjmh.engine;
