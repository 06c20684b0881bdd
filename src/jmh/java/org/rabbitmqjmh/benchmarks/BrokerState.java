package org.rabbitmqjmh.benchmarks;

import com.rabbitmq.client.Connection;
import java.net.URI;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerResolver;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;
import org.rabbitmqjmh.profilers.BrokerCrossCheck;

/**
 * The broker of a trial. Under {@code benchmarks.jar}'s launcher the fork finds the launcher's broker
 * (a URI file) and only checks that it answers; started any other way (JMH's own Main, an IDE) it
 * provisions one for the trial by the same resolution, and stops it at teardown.
 */
@State(Scope.Benchmark)
public class BrokerState {

    private Broker broker;

    @Setup(Level.Trial)
    public void obtain() {
        broker = BrokerResolver.provision();
        BrokerCrossCheck.watch(broker.prometheusEndpoints());
        // A trial that fails ends its fork without its teardown: its queues are deleted as the JVM exits.
        URI uri = broker.uri();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Topology.deleteLeftovers(uri), "rabbitmq-jmh-cleanup"));
    }

    @TearDown(Level.Trial)
    public void release() {
        BrokerCrossCheck.brokerClosing();
        if (broker != null) {
            int left = Topology.deleteLeftovers(broker.uri());
            if (left > 0) {
                System.err.println("cleanup: deleted " + left + " queue" + (left == 1 ? "" : "s")
                        + " the trial could not delete over its own connection, which had closed");
            }
            broker.close();
        }
    }

    public URI uri() {
        return broker.uri();
    }

    /** The broker itself: its other protocols' listeners and, if it is ours, their plugins. */
    public Broker broker() {
        return broker;
    }

    public Connection connect(SocketIo io, String name) {
        return Connections.open(broker.uri(), io, "rabbitmq-jmh-" + name);
    }

    /** Every node's URI, node 1 first: one for a single node, a cluster's for {@code -Drabbitmq.cluster=N}. */
    public List<URI> nodes() {
        return broker.uris();
    }

    /** A connection to the given node (one of {@link #nodes()}). */
    public Connection connect(URI node, SocketIo io, String name) {
        return Connections.open(node, io, "rabbitmq-jmh-" + name);
    }
}
