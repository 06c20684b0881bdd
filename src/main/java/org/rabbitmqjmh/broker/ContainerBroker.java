package org.rabbitmqjmh.broker;

import java.net.URI;
import java.time.Duration;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/** A RabbitMQ container started through Testcontainers; its Ryuk reaper removes it if the JVM dies. */
final class ContainerBroker implements ControlledBroker {

  private static final int PROMETHEUS_PORT = 15692;

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
    long t0 = System.nanoTime();
    RabbitMQContainer container = new RabbitMQContainer(DockerImageName.parse(image)
        .asCompatibleSubstituteFor("rabbitmq"));
    // The official images enable rabbitmq_prometheus; publish its port so a run can point at it.
    container.addExposedPort(PROMETHEUS_PORT);
    cpus.ifPresent(list -> container.withCreateContainerCmdModifier(cmd -> {
      if (cmd.getHostConfig() != null) {
        cmd.getHostConfig().withCpusetCpus(list);
      }
    }));
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
  public String rabbitmqctl(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "rabbitmqctl";
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      var result = container.execInContainer(command);
      if (result.getExitCode() != 0) {
        throw new BrokerException("rabbitmqctl " + args[0] + " failed in the container: " + result.getStderr().strip());
      }
      return result.getStdout();
    } catch (java.io.IOException e) {
      throw new BrokerException("cannot run rabbitmqctl in the container: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerException("interrupted while running rabbitmqctl " + args[0]);
    }
  }

  @Override
  public void close() {
    container.close();
  }
}
