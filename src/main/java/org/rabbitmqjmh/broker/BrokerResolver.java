package org.rabbitmqjmh.broker;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one place that decides which broker a run uses: a URI the user gives; else a container where a
 * Docker engine answers; else a private node from the installed rabbitmq-server; else a clear refusal.
 * {@code -Drabbitmq.broker=uri|container|local} forces one source and skips the others.
 */
public final class BrokerResolver {

    static final String NO_BROKER = "no RabbitMQ broker available: give one with RABBITMQ_URI or "
            + "-Drabbitmq.uri=amqp://user:password@host:port/vhost, run a Docker engine (Testcontainers starts "
            + "RabbitMQ), or install rabbitmq-server (Debian: apt-get install rabbitmq-server; or set RABBITMQ_HOME)";

    private final BrokerSettings settings;
    private final DockerProbe docker;

    public BrokerResolver(BrokerSettings settings, DockerProbe docker) {
        this.settings = settings;
        this.docker = docker;
    }

    /** Resolves the way {@link BrokerSettings#fromEnvironment()} and the machine say. */
    public static Broker provision() {
        return new BrokerResolver(BrokerSettings.fromEnvironment(), DockerProbe.system()).start();
    }

    /**
     * As {@link #provision()}, with a broker started here (a container or a private node) confined to
     * {@code cpus}; a broker at a URI is not ours to place, so it ignores them.
     */
    public static Broker provision(Optional<String> cpus) {
        return new BrokerResolver(BrokerSettings.fromEnvironment().withCpus(cpus), DockerProbe.system()).start();
    }

    /**
     * As {@link #provision(Optional)}, {@code nodes} joined whatever {@code -D}{@link BrokerSettings#CLUSTER}
     * says, and containers of {@code image} when one is named: the head side of an interleaved run on a
     * broker of its own. A URI the user gave is the base's, not the head's.
     */
    public static Broker provision(Optional<String> cpus, int nodes, String image) {
        BrokerSettings settings = BrokerSettings.fromEnvironment()
                .withCpus(cpus)
                .withClusterSize(nodes)
                .withoutUri();
        if (!image.isEmpty()) {
            settings = settings.withImage(image).withForcedSource(BrokerSource.CONTAINER);
        } else if (settings.forcedSource().equals(Optional.of(BrokerSource.URI))) {
            settings = settings.withForcedSource(null);
        }
        return new BrokerResolver(settings, DockerProbe.system()).start();
    }

    /** Which source would be used, without starting anything. */
    public BrokerSource choose() {
        if (settings.forcedSource().isPresent()) {
            BrokerSource forced = settings.forcedSource().get();
            if (forced == BrokerSource.URI && settings.uri().isEmpty()) {
                throw new BrokerException(
                        "-D" + BrokerSettings.BROKER + "=uri needs a URI: set RABBITMQ_URI or -D" + BrokerSettings.URI);
            }
            return forced;
        }
        if (settings.uri().isPresent()) {
            return BrokerSource.URI;
        }
        if (docker.dockerReachable()) {
            return BrokerSource.CONTAINER;
        }
        if (serverScript().isPresent()) {
            return BrokerSource.LOCAL;
        }
        throw new BrokerException(NO_BROKER);
    }

    public Broker start() {
        BrokerSource source = choose();
        // A fork handed the launcher's broker (its URI file) inherits -Drabbitmq.cluster too: that cluster is
        // the broker it was handed.
        boolean launchersBroker = settings.uriOrigin().equals("-D" + BrokerSettings.URI_FILE);
        if (settings.clusterSize() > 1 && source == BrokerSource.URI && !launchersBroker) {
            throw new BrokerException("-D" + BrokerSettings.CLUSTER + "=" + settings.clusterSize()
                    + " starts private nodes " + "or containers; a broker at a URI is what it is (drop the URI, or -D"
                    + BrokerSettings.CLUSTER + ")");
        }
        switch (source) {
            case URI:
                return ExternalBroker.connect(Uris.parseAll(settings.uri().orElseThrow(), settings.uriOrigin()));
            case CONTAINER:
                try {
                    return settings.clusterSize() > 1
                            ? ContainerCluster.start(settings)
                            : ContainerBroker.start(settings);
                } catch (HostContainer.MissingImageException e) {
                    if (settings.forcedSource().isPresent() || serverScript().isEmpty()) {
                        throw e;
                    }
                    // Auto mode: the engine answers but has no image to run; a private node is the next choice.
                    System.err.println("broker: " + e.getMessage() + "; using a private node instead");
                    return startLocal();
                }
            case LOCAL:
                return startLocal();
            default:
                throw new IllegalStateException(source.name());
        }
    }

    private Broker startLocal() {
        Path script = serverScript()
                .orElseThrow(() -> new BrokerException(
                        "a private node was asked for (-D" + BrokerSettings.BROKER + " or " + BrokerSettings.BROKER_ENV
                                + "=local), but no rabbitmq-server found at "
                                + settings.serverScripts()
                                + "; install it (apt-get install rabbitmq-server) or set RABBITMQ_HOME"));
        return settings.clusterSize() > 1 ? LocalCluster.start(script, settings) : LocalNode.start(script, settings);
    }

    private Optional<Path> serverScript() {
        return settings.serverScripts().stream().filter(Files::isExecutable).findFirst();
    }
}
