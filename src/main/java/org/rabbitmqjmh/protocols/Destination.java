package org.rabbitmqjmh.protocols;

import com.rabbitmq.client.Connection;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;

/**
 * Where a trial's messages go: one non-durable queue (a stream for the Streams protocol), declared over
 * AMQP 0.9.1 by the one declaration path the suite has ({@link Topology}), so every protocol measures
 * the same queue; each protocol names it its own way ({@code /amq/queue/NAME} for STOMP and AMQP 1.0).
 * MQTT has no queues: its messages go to {@code amq.topic} with the queue's name as the topic, and the
 * subscriber's own queue (which the broker makes) is the one drained.
 */
public final class Destination implements AutoCloseable {

  static final long MAX_BYTES = 256L << 20;
  static final long MAX_MESSAGES = 200_000;

  private final Endpoint endpoint;
  private final String queue;
  private final boolean declared;

  private Destination(Endpoint endpoint, String queue, boolean declared) {
    this.endpoint = endpoint;
    this.queue = queue;
    this.declared = declared;
  }

  /** Declares the queue {@code protocol} publishes to (none for MQTT). */
  public static Destination open(Endpoint endpoint, Protocol protocol) {
    String name = Topology.uniqueName("protocol-" + protocol.label());
    if (protocol.isMqtt()) {
      return new Destination(endpoint, name, false);
    }
    QueueType type = protocol == Protocol.STREAM ? QueueType.STREAM : QueueType.CLASSIC;
    Connection c = Connections.open(endpoint.amqp(), SocketIo.CLASSIC, "rabbitmq-jmh-declare");
    try {
      // Bounded, so a publisher faster than the consumer meets a full queue, not the memory alarm.
      QueueSpec spec = type == QueueType.STREAM ? QueueSpec.of(name, type) : QueueSpec.classic(name, false);
      Topology.declareScratch(c, spec, MAX_BYTES, MAX_MESSAGES);
    } finally {
      Connections.closeQuietly(c);
    }
    return new Destination(endpoint, name, true);
  }

  /** The queue's name (for MQTT, the topic's). */
  public String queue() {
    return queue;
  }

  /** The AMQP 1.0 and STOMP address of an existing queue. */
  public String amqQueueAddress() {
    return "/amq/queue/" + queue;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    if (!declared) {
      return;
    }
    Connection c = null;
    try {
      c = Connections.open(endpoint.amqp(), SocketIo.CLASSIC, "rabbitmq-jmh-delete");
      Topology.delete(c, queue);
    } catch (RuntimeException e) {
      // Topology.deleteLeftovers tries again at the trial's end; x-expires remains the safety net.
    } finally {
      Connections.closeQuietly(c);
    }
  }
}
