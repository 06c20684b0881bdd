package org.rabbitmqjmh.broker;

import java.net.URI;
import java.time.Duration;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/** A RabbitMQ container started through Testcontainers; its Ryuk reaper removes it if the JVM dies. */
final class ContainerBroker implements ControlledBroker {

  private static final int PROMETHEUS_PORT = 15692;
  /** The image's plugins listen on their default ports; the image has no TLS listener configured. */
  private static final java.util.List<Listener> CONTAINER_LISTENERS = java.util.List.of(Listener.STREAM,
      Listener.MQTT, Listener.STOMP, Listener.WEB_STOMP, Listener.WEB_MQTT);

  private final RabbitMQContainer container;
  private final URI uri;
  private final String version;
  private final Duration startTime;

  private ContainerBroker(RabbitMQContainer container, URI uri, String version, Duration startTime) {
    this.container = container;
    this.uri = uri;
    this.version = version;
    this.startTime = startTime;
  }

  /** {@code cpus}: a cpuset for the container (as {@code docker run --cpuset-cpus}), empty for all CPUs. */
  static ContainerBroker start(String image, java.util.Optional<String> cpus) {
    return start(image, cpus, c -> { });
  }

  /** As above, the container also set up by {@code setup} before it starts (a cluster's network, name, cookie). */
  static ContainerBroker start(String image, java.util.Optional<String> cpus,
      java.util.function.Consumer<RabbitMQContainer> setup) {
    long t0 = System.nanoTime();
    RabbitMQContainer container = new RabbitMQContainer(DockerImageName.parse(image)
        .asCompatibleSubstituteFor("rabbitmq"));
    // The official images enable rabbitmq_prometheus; publish its port so a run can point at it.
    container.addExposedPort(PROMETHEUS_PORT);
    // The other protocols' default ports, published so that enabling a plugin later needs no restart.
    for (Listener l : CONTAINER_LISTENERS) {
      container.addExposedPort(l.defaultPort());
    }
    cpus.ifPresent(list -> container.withCreateContainerCmdModifier(cmd -> {
      if (cmd.getHostConfig() != null) {
        cmd.getHostConfig().withCpusetCpus(list);
      }
    }));
    setup.accept(container);
    try {
      container.start();
    } catch (RuntimeException e) {
      container.close();
      throw new BrokerException("the RabbitMQ container (" + image + ") did not start: " + e.getMessage(), e);
    }
    URI uri = URI.create("amqp://" + container.getAdminUsername() + ":" + container.getAdminPassword() + "@"
        + container.getHost() + ":" + container.getAmqpPort() + "/%2F");
    try {
      String version = BrokerProbe.version(uri);
      return new ContainerBroker(container, uri, version, Duration.ofNanos(System.nanoTime() - t0));
    } catch (BrokerException e) {
      container.close();
      throw e;
    }
  }

  @Override
  public BrokerSource source() {
    return BrokerSource.CONTAINER;
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public Duration startTime() {
    return startTime;
  }

  @Override
  public java.util.Optional<URI> prometheusEndpoint() {
    return java.util.Optional.of(URI.create("http://" + container.getHost() + ":"
        + container.getMappedPort(PROMETHEUS_PORT) + "/metrics"));
  }


  /** The container's cgroup, found from its main process: readable where the Docker engine runs here. */
  @Override
  public java.util.Optional<String> cpuSource() {
    try {
      Long pid = container.getContainerInfo().getState().getPidLong();
      return pid == null || pid <= 0 ? java.util.Optional.empty() : BrokerCpu.ofCgroupOf(pid);
    } catch (RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public Listeners listeners() {
    java.util.Map<Listener, Integer> ports = new java.util.EnumMap<>(Listener.class);
    CONTAINER_LISTENERS.forEach(l -> ports.put(l, container.getMappedPort(l.defaultPort())));
    ports.put(Listener.AMQP10, container.getAmqpPort());
    return new Listeners(container.getHost(), ports);
  }

  /** Enables the plugins in the container (online) and waits for their mapped ports to answer. */
  @Override
  public void enable(java.util.Collection<Listener> needed) {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("rabbitmq-plugins", "enable"));
    needed.stream().flatMap(l -> l.plugin().stream()).distinct().forEach(command::add);
    if (command.size() > 2) {
      exec(command.toArray(String[]::new));
    }
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        listeners().requireReachable(needed, "the container");
        return;
      } catch (BrokerException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BrokerException("interrupted while waiting for the container's plugins");
        }
      }
    }
  }

  @Override
  public String rabbitmqctl(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "rabbitmqctl";
    System.arraycopy(args, 0, command, 1, args.length);
    return exec(command);
  }

  private String exec(String... command) {
    String[] args = java.util.Arrays.copyOfRange(command, 1, command.length);
    try {
      var result = container.execInContainer(command);
      if (result.getExitCode() != 0) {
        throw new BrokerException(command[0] + " " + args[0] + " failed in the container: " + result.getStderr().strip());
      }
      return result.getStdout();
    } catch (java.io.IOException e) {
      throw new BrokerException("cannot run " + command[0] + " in the container: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerException("interrupted while running " + command[0] + " " + args[0]);
    }
  }

  @Override
  public void close() {
    container.close();
  }
}
