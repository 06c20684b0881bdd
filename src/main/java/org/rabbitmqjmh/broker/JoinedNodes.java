package org.rabbitmqjmh.broker;

import com.google.gson.JsonParser;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What every cluster the suite starts does the same way, whatever its nodes are ({@link LocalCluster}'s
 * private nodes, {@link ContainerCluster}'s containers): node 1 first, clients handed every node's URI,
 * counters read at every node, plugins enabled on every node, cluster-wide commands asked of node 1,
 * and the nodes stopped in reverse order (node 1 stopping first would make the others wait for it).
 */
abstract class JoinedNodes<N extends ControlledBroker> implements ControlledBroker {

    private final List<N> nodes;
    private final Duration startTime;

    JoinedNodes(List<N> nodes, Duration startTime) {
        this.nodes = List.copyOf(nodes);
        this.startTime = startTime;
    }

    /** Starts one node of a cluster: with the cluster's cookie and password, on {@code port} or a free one. */
    @FunctionalInterface
    interface NodeStarter<N> {
        N start(BrokerSettings settings, Optional<Integer> port);
    }

    /**
     * Node 1, then nodes 2..N finding node 1 by peer discovery as they first boot and joining it there:
     * 17-22 s for 3 private nodes on the 2-core machine, against 33 s started one after the other and
     * joined afterwards (stop_app, join_cluster, start_app: 8 s a node) and 37-43 s started side by side
     * on the broker's one CPU (their Erlang schedulers spin while they wait). If one fails, those started
     * are stopped.
     */
    static <N extends ControlledBroker> List<N> startNodes(
            BrokerSettings settings, NodeStarter<N> starter, Function<N, String> nodeName) {
        List<N> started = new ArrayList<>();
        try {
            N first = starter.start(settings, settings.localPort());
            started.add(first);
            List<String> joinFirst = new ArrayList<>(settings.extraNodeConfig());
            joinFirst.add("cluster_formation.peer_discovery_backend = classic_config");
            joinFirst.add("cluster_formation.classic_config.nodes.1 = " + nodeName.apply(first));
            BrokerSettings joining = settings.withExtraNodeConfig(joinFirst);
            for (int i = 1; i < settings.clusterSize(); i++) {
                started.add(starter.start(joining, Optional.empty()));
            }
            return started;
        } catch (RuntimeException e) {
            started.forEach(N::close);
            throw e;
        }
    }

    /** The nodes, node 1 first. */
    public List<N> nodes() {
        return nodes;
    }

    /** "private cluster of 3 nodes", "cluster of 3 containers": for {@link #describe()}. */
    abstract String what();

    /**
     * Waits until node 1 sees every node running (cluster_status's JSON, which every version since 3.8
     * gives: rabbit_nodes' functions were renamed between 3.10 and 4.x) and each node answers AMQP.
     */
    void awaitMembers(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int running = JsonParser.parseString(rabbitmqctl("cluster_status", "--formatter", "json"))
                    .getAsJsonObject()
                    .getAsJsonArray("running_nodes")
                    .size();
            if (running == nodes.size()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new BrokerException(
                        "the " + what() + " has " + running + " running after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrokerException("interrupted while waiting for the " + what());
            }
        }
        uris().forEach(BrokerProbe::version);
    }

    @Override
    public URI uri() {
        return nodes.get(0).uri();
    }

    @Override
    public List<URI> uris() {
        return nodes.stream().map(ControlledBroker::uri).toList();
    }

    @Override
    public String version() {
        return nodes.get(0).version();
    }

    @Override
    public Duration startTime() {
        return startTime;
    }

    @Override
    public String describe() {
        return String.format(
                "broker: %s at %s, RabbitMQ %s, ready in %.1f s",
                what(),
                uris().stream().map(Uris::mask).collect(Collectors.joining(", ")),
                version(),
                startTime.toMillis() / 1000.0);
    }

    @Override
    public Optional<URI> prometheusEndpoint() {
        return nodes.get(0).prometheusEndpoint();
    }

    /** Every node's: each counts the messages of the clients connected to it. */
    @Override
    public List<URI> prometheusEndpoints() {
        return nodes.stream().flatMap(n -> n.prometheusEndpoint().stream()).toList();
    }

    @Override
    public Listeners listeners() {
        return nodes.get(0).listeners();
    }

    /** On every node: a plugin is enabled node by node. */
    @Override
    public void enable(Collection<Listener> needed) {
        nodes.forEach(n -> n.enable(needed));
    }

    /** Node 1's: cluster-wide commands answer the same from any node. */
    @Override
    public String rabbitmqctl(String... args) {
        return nodes.get(0).rabbitmqctl(args);
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }
}
