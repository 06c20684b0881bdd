package org.rabbitmqjmh.broker;

import java.net.URI;
import java.time.Duration;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/** A RabbitMQ container started through Testcontainers; its Ryuk reaper removes it if the JVM dies. */
final class ContainerBroker implements Broker {

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

  static ContainerBroker start(String image) {
    long t0 = System.nanoTime();
    RabbitMQContainer container = new RabbitMQContainer(DockerImageName.parse(image)
        .asCompatibleSubstituteFor("rabbitmq"));
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
  public void close() {
    container.close();
  }
}
