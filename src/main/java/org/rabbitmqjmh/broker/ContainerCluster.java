package org.rabbitmqjmh.broker;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
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
final class ContainerCluster implements ControlledBroker {

  private final List<ContainerBroker> nodes;
  private final Network network;
  private final Duration startTime;

  private ContainerCluster(List<ContainerBroker> nodes, Network network, Duration startTime) {
    this.nodes = List.copyOf(nodes);
    this.network = network;
    this.startTime = startTime;
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

  private void awaitMembers(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      // cluster_status's JSON, which every version since 3.8 gives (rabbit_nodes' functions were renamed).
      int running = com.google.gson.JsonParser.parseString(rabbitmqctl("cluster_status", "--formatter", "json"))
          .getAsJsonObject().getAsJsonArray("running_nodes").size();
      if (running == nodes.size()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new BrokerException("the container cluster has " + running + " of " + nodes.size()
            + " nodes running after " + timeout.toSeconds() + " s");
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BrokerException("interrupted while waiting for the container cluster");
      }
    }
  }

  @Override
  public BrokerSource source() {
    return BrokerSource.CONTAINER;
  }

  @Override
  public URI uri() {
    return nodes.get(0).uri();
  }

  @Override
  public List<URI> uris() {
    return nodes.stream().map(ContainerBroker::uri).toList();
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
    return String.format("broker: cluster of %d containers at %s, RabbitMQ %s, ready in %.1f s", nodes.size(),
        uris().stream().map(Uris::mask).collect(Collectors.joining(", ")), version(), startTime.toMillis() / 1000.0);
  }

  @Override
  public Optional<URI> prometheusEndpoint() {
    return nodes.get(0).prometheusEndpoint();
  }

  @Override
  public List<URI> prometheusEndpoints() {
    return nodes.stream().flatMap(n -> n.prometheusEndpoint().stream()).toList();
  }

  /** Not summed over containers yet (BrokerCpu reads one cgroup): broker CPU is reported unavailable. */
  @Override
  public Optional<String> cpuSource() {
    return Optional.empty();
  }

  @Override
  public Listeners listeners() {
    return nodes.get(0).listeners();
  }

  @Override
  public void enable(Collection<Listener> needed) {
    nodes.forEach(n -> n.enable(needed));
  }

  @Override
  public String rabbitmqctl(String... args) {
    return nodes.get(0).rabbitmqctl(args);
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
    network.close();
  }
}
