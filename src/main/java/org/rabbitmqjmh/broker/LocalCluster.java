package org.rabbitmqjmh.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Several private nodes joined into one RabbitMQ cluster ({@code -Drabbitmq.cluster=3}): each a
 * {@link LocalNode} with its own ports, data and watchdog, all with one Erlang cookie and one password
 * (a node that joins at boot has the cluster's users, not a default user of its own); nodes 2..N join
 * node 1 as they first boot.
 * Quorum queues and streams declared on it get a replica on every node (up to their default of 3).
 * Nothing outlives it: {@link #close()} stops every node, and each node's watchdog stops it if this JVM
 * is killed, as for a single node.
 *
 * <p>Clients of the benchmarks connect to node 1 ({@link #uri()}) unless a benchmark spreads them over
 * {@link #uris()}; the cross-check adds up every node's counters, and broker CPU is every node's.
 */
public final class LocalCluster extends JoinedNodes<LocalNode> {

    private LocalCluster(List<LocalNode> nodes, Duration startTime) {
        super(nodes, startTime);
    }

    public static LocalCluster start(Path serverScript, BrokerSettings settings) {
        long t0 = System.nanoTime();
        Optional<String> cookie = Optional.of(Secrets.cookie());
        String password = Secrets.hex(12);
        List<LocalNode> started = startNodes(
                settings, (s, port) -> LocalNode.start(serverScript, s, cookie, port, password), LocalNode::nodeName);
        try {
            LocalCluster cluster = new LocalCluster(started, Duration.ofNanos(System.nanoTime() - t0));
            cluster.awaitMembers(settings.startTimeout());
            return cluster;
        } catch (RuntimeException e) {
            started.forEach(LocalNode::close);
            throw e instanceof BrokerException
                    ? e
                    : new BrokerException("cannot start a cluster of " + settings.clusterSize() + " private nodes: "
                            + e.getMessage());
        }
    }

    @Override
    String what() {
        return "private cluster of " + nodes().size() + " nodes";
    }

    @Override
    public BrokerSource source() {
        return BrokerSource.LOCAL;
    }

    /** Every node's process: the cluster's work is spread over them (replication above all). */
    @Override
    public Optional<String> cpuSource() {
        List<Long> pids = new ArrayList<>();
        for (LocalNode n : nodes()) {
            Optional<ProcessHandle> beam = n.beamProcess();
            if (beam.isEmpty()) {
                return Optional.empty();
            }
            pids.add(beam.get().pid());
        }
        return Optional.of(BrokerCpu.ofProcesses(pids));
    }

    @Override
    public Optional<Path> caFile() {
        return nodes().get(0).caFile();
    }
}
