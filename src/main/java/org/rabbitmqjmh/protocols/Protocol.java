package org.rabbitmqjmh.protocols;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.rabbitmqjmh.broker.Listener;

/**
 * The protocols RabbitMQ speaks, as a trial names them, with the listener each needs (and so the
 * plugin) and whether the suite can run it over TLS.
 */
public enum Protocol {
  AMQP091("amqp091", null, Listener.AMQPS),
  STREAM("stream", Listener.STREAM, Listener.STREAM_TLS),
  MQTT("mqtt", Listener.MQTT, null),
  WEB_MQTT("web-mqtt", Listener.WEB_MQTT, null),
  STOMP("stomp", Listener.STOMP, null),
  WEB_STOMP("web-stomp", Listener.WEB_STOMP, null),
  AMQP10("amqp10", Listener.AMQP10, null),
  /** AMQP 1.0 with RabbitMQ's own client: RabbitMQ 4.0 and later. */
  AMQP10_RABBITMQ("amqp10-rabbitmq", Listener.AMQP10, null);

  private final String label;
  private final Listener plain;
  private final Listener tls;

  Protocol(String label, Listener plain, Listener tls) {
    this.label = label;
    this.plain = plain;
    this.tls = tls;
  }

  public String label() {
    return label;
  }

  public boolean isMqtt() {
    return this == MQTT || this == WEB_MQTT;
  }

  public boolean supportsTls() {
    return tls != null;
  }

  /** The listeners a trial of this protocol needs besides plain AMQP 0.9.1 (which declares its queue). */
  public List<Listener> listeners(boolean overTls) {
    if (overTls && tls == null) {
      throw new IllegalArgumentException("tls=on is available for " + Arrays.stream(values())
          .filter(Protocol::supportsTls).map(Protocol::label).collect(Collectors.joining(" and "))
          + ", not for " + label);
    }
    Listener l = overTls ? tls : plain;
    return l == null ? List.of() : List.of(l);
  }

  public static Protocol parse(String value) {
    return Arrays.stream(values()).filter(p -> p.label.equals(value)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown protocol '" + value + "'; allowed: "
            + Arrays.stream(values()).map(Protocol::label).collect(Collectors.joining(", "))));
  }
}
