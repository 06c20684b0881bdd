package org.rabbitmqjmh.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Several private nodes joined into one RabbitMQ cluster ({@code -Drabbitmq.cluster=3}): each a
 * {@link LocalNode} with its own ports, data and watchdog, all with one Erlang cookie and one password;
 * nodes 2..N join node 1 as they first boot.
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
    Optional<String> cookie = Optional.of(LocalNode.randomHex(20).toUpperCase(java.util.Locale.ROOT));
    List<LocalNode> started = new ArrayList<>();
    try {
      // One after the other, nodes 2..N finding node 1 by peer discovery as they first boot and joining
      // it there: 17-22 s for 3 nodes on the 2-core machine, against 33 s started one after the other and
      // joined afterwards (stop_app, join_cluster, start_app: 8 s a node) and 37-43 s started side by side
      // on the broker's one CPU (their Erlang schedulers spin while they wait). All share one password:
      // a node that joins at boot has the cluster's users, not a default user of its own.
      String password = LocalNode.randomHex(12);
      LocalNode first = LocalNode.start(serverScript, settings, cookie, settings.localPort(), password);
      started.add(first);
      List<String> joinFirst = new ArrayList<>(settings.extraNodeConfig());
      joinFirst.add("cluster_formation.peer_discovery_backend = classic_config");
      joinFirst.add("cluster_formation.classic_config.nodes.1 = " + first.nodeName());
      BrokerSettings joining = settings.withExtraNodeConfig(joinFirst);
      for (int i = 1; i < settings.clusterSize(); i++) {
        started.add(LocalNode.start(serverScript, joining, cookie, Optional.empty(), password));
      }
      LocalCluster cluster = new LocalCluster(started, Duration.ofNanos(System.nanoTime() - t0));
      cluster.awaitMembers(settings.startTimeout());
      return cluster;
    } catch (RuntimeException e) {
      started.forEach(LocalNode::close);
      throw e instanceof BrokerException ? e
          : new BrokerException("cannot start a cluster of " + settings.clusterSize() + " private nodes: " + e.getMessage());
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
