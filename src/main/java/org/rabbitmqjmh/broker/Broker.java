package org.rabbitmqjmh.broker;

import java.net.URI;
import java.time.Duration;

/**
 * A running RabbitMQ broker the suite may use. Nothing outside this package knows whether it is an
 * external URI, a container or a private node: callers only connect to {@link #uri()}.
 * {@link #close()} stops what this process started and never touches a broker it was handed.
 */
public interface Broker extends AutoCloseable {

  BrokerSource source();

  /** Full AMQP URI, credentials included: hand it to a client, never print it (see {@link #describe()}). */
  URI uri();

  /** The broker's own version string, as the server reports it in its connection properties. */
  String version();

  /** How long it took to obtain the broker (start it, or check that the given one answers). */
  Duration startTime();

  /** One line for humans: source, masked URI, version and start time. */
  default String describe() {
    return String.format("broker: %s at %s, RabbitMQ %s, ready in %.1f s",
        source().label(), Uris.mask(uri()), version(), startTime().toMillis() / 1000.0);
  }

  @Override
  void close();
}
