package org.rabbitmqjmh.broker;

import java.net.URI;
import java.time.Duration;

/** A broker the user runs. The suite checks that it answers and otherwise leaves it alone. */
final class ExternalBroker implements Broker {

  private final URI uri;
  private final String version;
  private final Duration startTime;
  private final java.util.Optional<URI> metrics;

  private ExternalBroker(URI uri, String version, Duration startTime, java.util.Optional<URI> metrics) {
    this.uri = uri;
    this.version = version;
    this.startTime = startTime;
    this.metrics = metrics;
  }

  static ExternalBroker connect(URI uri) {
    long t0 = System.nanoTime();
    String version = BrokerProbe.version(uri);
    java.util.Optional<URI> metrics = metricsOf(uri, System.getProperty(BrokerSettings.METRICS_URI));
    return new ExternalBroker(uri, version, Duration.ofNanos(System.nanoTime() - t0), metrics);
  }

  /**
   * The broker's Prometheus endpoint: the one given (checked, since a wrong one would turn the
   * cross-check off unnoticed), none if told "off", else the plugin's default port on the broker's host
   * if it answers there.
   */
  static java.util.Optional<URI> metricsOf(URI amqp, String given) {
    if (given != null) {
      if (given.equals(BrokerSettings.METRICS_OFF)) {
        return java.util.Optional.empty();
      }
      URI endpoint;
      try {
        endpoint = new URI(given);
      } catch (java.net.URISyntaxException e) {
        throw new BrokerException("-D" + BrokerSettings.METRICS_URI + "=" + given + " is not a URL; allowed: "
            + "http://host:15692/metrics or " + BrokerSettings.METRICS_OFF);
      }
      BrokerCounters.at(endpoint).read();
      return java.util.Optional.of(endpoint);
    }
    String host = amqp.getHost() == null ? "localhost" : amqp.getHost();
    URI guess = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":15692/metrics");
    return BrokerCounters.probe(guess).map(BrokerCounters::endpoint);
  }

  @Override
  public java.util.Optional<URI> prometheusEndpoint() {
    return metrics;
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
