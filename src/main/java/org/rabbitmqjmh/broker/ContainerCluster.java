package org.rabbitmqjmh.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code -Drabbitmq.cluster=N} where a Docker engine answers: N {@link ContainerBroker}s on the host
 * network, one Erlang cookie and one password, nodes 2..N joining node 1 as they first boot, as
 * {@link LocalCluster} does with private nodes. The nodes find each other through an epmd of the
 * cluster's own, in a container of its own: an epmd inside a node's container would vanish with that
 * node (a failover's kill) and leave the others unreachable by name.
 */
final class ContainerCluster extends JoinedNodes<ContainerBroker> {

    private final HostContainer epmd;

    private ContainerCluster(List<ContainerBroker> nodes, HostContainer epmd, Duration startTime) {
        super(nodes, startTime);
        this.epmd = epmd;
    }

    static ContainerCluster start(BrokerSettings settings) {
        long t0 = System.nanoTime();
        Optional<String> cookie = Optional.of(Secrets.cookie());
        String password = Secrets.hex(12);
        int epmdPort = Ports.free();
        HostContainer.requireImage(settings.image());
        HostContainer epmd = HostContainer.start(
                settings.image(),
                NodeDirectory.DIR_PREFIX + ProcessHandle.current().pid() + "-epmd-" + Secrets.hex(4),
                Map.of("ERL_EPMD_ADDRESS", "127.0.0.1"),
                Optional.empty(),
                settings.cpus(),
                "epmd",
                "-port",
                Integer.toString(epmdPort));
        List<ContainerBroker> started = List.of();
        try {
            started = startNodes(
                    settings,
                    (s, port) -> ContainerBroker.start(s, cookie, password, Optional.of(epmdPort), port),
                    ContainerBroker::nodeName);
            ContainerCluster cluster = new ContainerCluster(started, epmd, Duration.ofNanos(System.nanoTime() - t0));
            cluster.awaitMembers(settings.startTimeout().multipliedBy(settings.clusterSize()));
            return cluster;
        } catch (RuntimeException e) {
            started.forEach(ContainerBroker::close);
            epmd.close();
            throw e instanceof BrokerException
                    ? e
                    : new BrokerException("cannot start a cluster of " + settings.clusterSize()
                            + " RabbitMQ containers: " + e.getMessage());
        }
    }

    @Override
    String what() {
        return "cluster of " + nodes().size() + " containers";
    }

    @Override
    public BrokerSource source() {
        return BrokerSource.CONTAINER;
    }

    /** Every container's cgroup, summed. */
    @Override
    public Optional<String> cpuSource() {
        List<String> parts = new ArrayList<>();
        for (ContainerBroker n : nodes()) {
            Optional<String> one = n.cpuSource();
            if (one.isEmpty()) {
                return Optional.empty();
            }
            parts.add(one.get());
        }
        return Optional.of(BrokerCpu.ofSum(parts));
    }

    @Override
    public Optional<Path> caFile() {
        return nodes().get(0).caFile();
    }

    @Override
    public void close() {
        super.close();
        epmd.close();
    }
}
