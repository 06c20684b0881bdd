package org.rabbitmqjmh.engine;

import java.net.URI;
import java.util.List;

/**
 * Which node of a cluster each client of a trial connects to ({@code -p clientNodes=first|spread}).
 * On one node both are the same trial.
 *
 * <ul>
 *   <li>{@code first}: every client on node 1, where the trial declares its queue, so a quorum queue's
 *       leader and a stream's writer are local to the publishers and consumers: replication is the only
 *       traffic between nodes.</li>
 *   <li>{@code spread}: publisher {@code i} on node {@code 1 + i mod N}, the consumer on the last node:
 *       messages cross nodes on their way in (publishers off the leader's node) and out (the consumer
 *       never on it), as when clients reach a cluster through a load balancer.</li>
 * </ul>
 * The queue is always declared through node 1, so its leader is there (3.10's client-local leader
 * locator) in both.
 */
public enum ClientNodes {
    FIRST,
    SPREAD;

    public static ClientNodes parse(String value) {
        return Enums.parse(ClientNodes.class, value, "clientNodes");
    }

    /** The node of publisher {@code index} (0-based), among {@code nodes} (node 1 first). */
    public URI publisher(List<URI> nodes, int index) {
        return this == FIRST ? nodes.get(0) : nodes.get(Math.floorMod(index, nodes.size()));
    }

    /** The node of the trial's consumer. */
    public URI consumer(List<URI> nodes) {
        return this == FIRST ? nodes.get(0) : nodes.get(nodes.size() - 1);
    }
}
