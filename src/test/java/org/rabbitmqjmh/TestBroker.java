package org.rabbitmqjmh;

import java.net.URI;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerResolver;

/**
 * One broker for all engine and program tests of a test JVM, obtained the way a run obtains it (so
 * RABBITMQ_URI is honoured; otherwise a private node, stopped by its shutdown hook when the JVM ends).
 */
public final class TestBroker {

  private static Broker broker;

  private TestBroker() {
  }

  public static synchronized URI uri() {
    return broker().uri();
  }

  /** The value of -Drabbitmq.metrics.uri that hands a fork this broker's counters (or turns them off). */
  public static synchronized String metrics() {
    return broker().prometheusEndpoint().map(URI::toString).orElse(org.rabbitmqjmh.broker.BrokerSettings.METRICS_OFF);
  }

  public static synchronized Broker broker() {
    if (broker == null) {
      broker = BrokerResolver.provision();
    }
    return broker;
  }
}
