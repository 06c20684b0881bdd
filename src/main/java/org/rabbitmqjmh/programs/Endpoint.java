package org.rabbitmqjmh.programs;

import com.rabbitmq.client.Connection;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.BrokerProbe;
import org.rabbitmqjmh.broker.BrokerResolver;
import org.rabbitmqjmh.broker.Uris;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.SocketIo;

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

    /** The endpoint options every program takes, declared once. */
    record Options(
            ProgramOptions.Option<String> uri,
            ProgramOptions.Option<String> host,
            ProgramOptions.Option<Integer> port,
            ProgramOptions.Option<String> user,
            ProgramOptions.Option<String> password) {

        static Options declare(ProgramOptions o) {
            return new Options(
                    o.text("uri", URI_HELP, null),
                    o.text("host", HOST_HELP, "localhost"),
                    o.integer("port", "broker port, with --host", 5672, 1, 65535),
                    o.text("user", "user for --host", "guest"),
                    o.text("password", "password for --host", "guest"));
        }
    }

    /** One connection per worker thread, named after the program's role. */
    List<Connection> open(int count, SocketIo io, String role) {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int t = 0; t < count; t++) {
                connections.add(Connections.open(uri, io, "rabbitmq-jmh-" + role + "-" + t));
            }
            return connections;
        } catch (RuntimeException e) {
            connections.forEach(Connections::closeQuietly);
            throw e;
        }
    }

    /** Reads --uri or --host/--port; checks the broker answers before any work starts. */
    static Endpoint from(ProgramArgs args, Options o, PrintStream err) {
        boolean host = args.has(o.host()) || args.has(o.port());
        boolean credentials = args.has(o.user()) || args.has(o.password());
        if (args.has(o.uri()) && (host || credentials)) {
            throw new UsageException(
                    "give either --uri or --host/--port/--user/--password, not both: the URI holds all four");
        }
        if (credentials && !host) {
            // Else they would be ignored, and the program would run as someone else on the suite's own broker.
            throw new UsageException(
                    "--user and --password go with --host (and --port); the suite's own broker has its own");
        }
        if (args.has(o.uri())) {
            URI uri;
            try {
                uri = Uris.parse(args.get(o.uri()), "--uri");
            } catch (BrokerException e) {
                throw new UsageException(e.getMessage()); // the user's input, not the broker: exit 2
            }
            BrokerProbe.version(uri);
            return new Endpoint(uri, null);
        }
        if (host) {
            URI uri = Uris.of(
                    args.get(o.user()), args.get(o.password()), args.get(o.host()), args.get(o.port()), "--host");
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
    Optional<Broker> owned() {
        return Optional.ofNullable(owned);
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
