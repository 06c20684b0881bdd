package org.rabbitmqjmh.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.testcontainers.containers.Network;

/**
 * {@code -Drabbitmq.cluster=N} where a Docker engine runs: N RabbitMQ containers on a network of their
 * own, each named {@code rabbit@rabbitI} by its host name, one Erlang cookie (given to the server and to
 * the CLI tools as {@code -setcookie}, which every image version takes), nodes 2..N joining node 1 as
 * they first boot (classic config peer discovery), as {@link LocalCluster} does with private nodes.
 * Each container is a {@link ContainerBroker}: its ports published on the host, removed by
 * Testcontainers' reaper if this JVM dies.
 *
 * <p>Not run here (the development machine has no Docker engine): the private cluster is what the suite's
 * tests and results use.
 */
final class ContainerCluster extends JoinedNodes<ContainerBroker> {

  private final Network network;

  private ContainerCluster(List<ContainerBroker> nodes, Network network, Duration startTime) {
    super(nodes, startTime);
    this.network = network;
  }

  static ContainerCluster start(String image, Optional<String> cpus, int size, Duration timeout) {
    long t0 = System.nanoTime();
    String cookie = LocalNode.randomHex(20).toUpperCase(java.util.Locale.ROOT);
    Network network = Network.newNetwork();
    List<ContainerBroker> started = new ArrayList<>();
    try {
      for (int i = 1; i <= size; i++) {
        String host = "rabbit" + i;
        boolean joins = i > 1;
        started.add(ContainerBroker.start(image, cpus, c -> {
          c.withNetwork(network).withNetworkAliases(host)
              .withCreateContainerCmdModifier(cmd -> cmd.withHostName(host))
              .withEnv("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-setcookie " + cookie)
              .withEnv("RABBITMQ_CTL_ERL_ARGS", "-setcookie " + cookie);
          if (joins) {
            c.withCopyToContainer(org.testcontainers.images.builder.Transferable.of(
                "cluster_formation.peer_discovery_backend = classic_config\n"
                    + "cluster_formation.classic_config.nodes.1 = rabbit@rabbit1\n"), "/etc/rabbitmq/conf.d/90-join.conf");
          }
        }));
      }
      ContainerCluster cluster = new ContainerCluster(started, network, Duration.ofNanos(System.nanoTime() - t0));
      cluster.awaitMembers(timeout);
      return cluster;
    } catch (RuntimeException e) {
      started.forEach(ContainerBroker::close);
      network.close();
      throw e instanceof BrokerException ? e
          : new BrokerException("cannot start a cluster of " + size + " RabbitMQ containers: " + e.getMessage());
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

  /** Not summed over containers yet (BrokerCpu reads one cgroup): broker CPU is reported unavailable. */
  @Override
  public Optional<String> cpuSource() {
    return Optional.empty();
  }

  @Override
  public void close() {
    super.close();
    network.close();
  }
}
