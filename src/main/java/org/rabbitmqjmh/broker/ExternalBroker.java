package org.rabbitmqjmh.broker;

import java.net.URI;
import java.time.Duration;

/** A broker the user runs. The suite checks that it answers and otherwise leaves it alone. */
final class ExternalBroker implements Broker {

  private final URI uri;
  private final String version;
  private final Duration startTime;

  private ExternalBroker(URI uri, String version, Duration startTime) {
    this.uri = uri;
    this.version = version;
    this.startTime = startTime;
  }

  static ExternalBroker connect(URI uri) {
    long t0 = System.nanoTime();
    String version = BrokerProbe.version(uri);
    return new ExternalBroker(uri, version, Duration.ofNanos(System.nanoTime() - t0));
  }

  @Override
  public BrokerSource source() {
    return BrokerSource.URI;
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
    // Not ours to stop: whatever the suite declared there was deleted by whoever declared it.
  }
}
