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

  /** Reads --uri or --host/--port; checks the broker answers before any work starts. */
  static Endpoint from(ProgramArgs args, java.io.PrintStream err) {
    if (args.has("uri") && args.has("host")) {
      throw new UsageException("give either --uri or --host/--port, not both");
    }
    if (args.has("uri")) {
      URI uri = Uris.parse(args.string("uri", ""), "--uri");
      BrokerProbe.version(uri);
      return new Endpoint(uri, null);
    }
    if (args.has("host") || args.has("port")) {
      String host = args.string("host", "localhost");
      int port = args.integer("port", 5672, 1, 65535);
      URI uri = URI.create("amqp://" + args.string("user", "guest") + ":" + args.string("password", "guest") + "@"
          + host + ":" + port + "/%2F");
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

  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }
}
