package org.rabbitmqjmh.broker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A running RabbitMQ broker the suite may use. Nothing outside this package knows whether it is an
 * external URI, a container or a private node: callers only connect to {@link #uri()}.
 * {@link #close()} stops what this process started and never touches a broker it was handed.
 */
public interface Broker extends AutoCloseable {

    BrokerSource source();

    /** Full AMQP URI, credentials included: hand it to a client, never print it (see {@link #describe()}). */
    URI uri();

    /**
     * Every node's AMQP URI, credentials included, node 1 ({@link #uri()}) first: a cluster's nodes, for
     * clients to spread over; one entry for a single broker.
     */
    default List<URI> uris() {
        return List.of(uri());
    }

    /** The broker's own version string, as the server reports it in its connection properties. */
    String version();

    /** How long it took to obtain the broker (start it, or check that the given one answers). */
    Duration startTime();

    /** One line for humans: source, masked URI, version and start time. */
    default String describe() {
        return String.format(
                "broker: %s at %s, RabbitMQ %s, ready in %.1f s",
                source().label(), Uris.mask(uri()), version(), startTime().toMillis() / 1000.0);
    }

    /**
     * Where the broker's own {@code rabbitmq_prometheus} plugin serves its metrics, if this process
     * started the broker with it: the private node and the container do, a given URI does not say.
     */
    default Optional<URI> prometheusEndpoint() {
        return Optional.empty();
    }

    /** Every node's endpoint, node 1 first (a cluster's nodes count their own clients); empty if none. */
    default List<URI> prometheusEndpoints() {
        return prometheusEndpoint().stream().toList();
    }

    /**
     * Where the forks can read the CPU time the broker uses ({@link BrokerCpu}): the private node's
     * process, a container's cgroup; a broker at a URI runs elsewhere.
     */
    default Optional<String> cpuSource() {
        return Optional.empty();
    }

    /**
     * The memory the broker's memory monitor counts (what its high watermark is compared with), in
     * bytes. Only a broker this process started can be asked.
     */
    default long memoryUsedBytes() {
        throw new BrokerException("the memory use of " + source().label() + " cannot be read from here; "
                + "only the suite's private node or container can be asked");
    }

    /**
     * Sets the memory high watermark to {@code bytes}, which raises the memory alarm (blocking every
     * publishing connection) once the broker uses more. Only on a broker this process started: a broker
     * someone else runs is never reconfigured.
     */
    default void setMemoryWatermark(long bytes) {
        throw new BrokerException("the memory watermark of " + source().label() + " is not ours to change; "
                + "use the suite's private node or container, or lower it on your broker yourself");
    }

    /**
     * Starts the quorum queues' write-ahead log afresh on every node (ra's WAL, which rolls over to a new
     * file at 512 MiB and writes what it held to segment files then). Returns false, doing nothing, for a
     * broker that is not ours. Before a fork, it keeps a roll-over out of that fork's measurement: a
     * quorum fork of the quick profile wrote 105–134 MB to the log, a quarter of what a roll-over needs.
     */
    default boolean startQuorumLogAfresh() {
        return false;
    }

    /**
     * Switches the firehose tracer of the broker's virtual host on or off: with it on, the broker copies
     * every message published and delivered to {@code amq.rabbitmq.trace}, more work per message on the
     * broker's side only. Only on a broker this process started.
     */
    default void setFirehose(boolean on) {
        throw new BrokerException("the firehose of " + source().label() + " is not ours to switch; "
                + "use the suite's private node or container");
    }

    /**
     * Moves every thread of the broker to these CPUs (a taskset/cpuset list such as "1"): a duet run
     * ({@code --duet}) swaps its two brokers' CPUs every round. Only a broker this process started.
     */
    default void moveTo(String cpus) {
        throw new BrokerException("the CPUs of " + source().label() + " are not ours to set; "
                + "use the suite's private node or container");
    }

    /**
     * Where the broker's other protocols listen (Streams, MQTT, STOMP, WebSocket, TLS): for a broker at a
     * URI, the default ports unless {@code -D}{@link Listeners#PROPERTY} names others.
     */
    default Listeners listeners() {
        return Listeners.of(uri(), System.getProperty(Listeners.PROPERTY));
    }

    /** The CA a TLS client of this broker must trust: the private node's run CA, else {@link TlsTrust}'s. */
    default Optional<Path> caFile() {
        return TlsTrust.caFile();
    }

    /**
     * Makes these listeners available: a broker this process started enables their plugins; a broker at
     * a URI is only checked, and a missing one ends in one line naming the plugin.
     */
    default void enable(Collection<Listener> needed) {
        listeners().requireReachable(needed, Uris.mask(uri()));
    }

    @Override
    void close();
}
