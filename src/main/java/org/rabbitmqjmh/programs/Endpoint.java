package org.rabbitmqjmh.programs;

import java.net.URI;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerProbe;
import org.rabbitmqjmh.broker.BrokerResolver;
import org.rabbitmqjmh.broker.Uris;

/**
 * Where a program sends or takes its messages: the endpoint on its command line, else the broker the
 * suite provisions (same resolution as the benchmarks; a private node is stopped when the program ends).
 */
final class Endpoint implements AutoCloseable {

  static final String URI_HELP = "broker URI amqp://user:password@host:port/vhost (default: the suite's broker)";
  static final String HOST_HELP = "broker host, with --port; user and password from --user/--password";

  private final URI uri;
  private final Broker owned;

  private Endpoint(URI uri, Broker owned) {
    this.uri = uri;
    this.owned = owned;
  }

  /** The endpoint options every program takes. */
  static void declareOptions(java.util.LinkedHashMap<String, String> options) {
    options.put("uri", URI_HELP);
    options.put("host", HOST_HELP);
    options.put("port", "broker port (default 5672)");
    options.put("user", "user for --host (default guest)");
    options.put("password", "password for --host (default guest)");
  }

  /** One connection per worker thread, named after the program's role. */
  java.util.List<com.rabbitmq.client.Connection> open(int count, org.rabbitmqjmh.engine.SocketIo io, String role) {
    java.util.List<com.rabbitmq.client.Connection> connections = new java.util.ArrayList<>();
    try {
      for (int t = 0; t < count; t++) {
        connections.add(org.rabbitmqjmh.engine.Connections.open(uri, io, "rabbitmq-jmh-" + role + "-" + t));
      }
      return connections;
    } catch (RuntimeException e) {
      connections.forEach(org.rabbitmqjmh.engine.Connections::closeQuietly);
      throw e;
    }
  }

  /** Reads --uri or --host/--port; checks the broker answers before any work starts. */
  static Endpoint from(ProgramArgs args, java.io.PrintStream err) {
    if (args.has("uri") && (args.has("host") || args.has("port") || args.has("user") || args.has("password"))) {
      throw new UsageException("give either --uri or --host/--port/--user/--password, not both: the URI holds all four");
    }
    if ((args.has("user") || args.has("password")) && !args.has("host") && !args.has("port")) {
      // Else they would be ignored, and the program would run as someone else on the suite's own broker.
      throw new UsageException("--user and --password go with --host (and --port); the suite's own broker has its own");
    }
    if (args.has("uri")) {
      URI uri = Uris.parse(args.string("uri", ""), "--uri");
      BrokerProbe.version(uri);
      return new Endpoint(uri, null);
    }
    if (args.has("host") || args.has("port")) {
      String host = args.string("host", "localhost");
      int port = args.integer("port", 5672, 1, 65535);
      URI uri = Uris.of(args.string("user", "guest"), args.string("password", "guest"), host, port, "--host");
      BrokerProbe.version(uri);
      return new Endpoint(uri, null);
    }
    Broker broker = BrokerResolver.provision();
    err.println(broker.describe());
    return new Endpoint(broker.uri(), broker);
  }

  URI uri() {
    return uri;
  }

  /** The broker this program started (private node or container), which it may reconfigure. */
  java.util.Optional<Broker> owned() {
    return java.util.Optional.ofNullable(owned);
  }

  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }
}
