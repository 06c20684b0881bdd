package org.rabbitmqjmh.broker;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A node this process started, all its files in a {@link NodeDirectory} of its own: the private node and
 * the container, which report where to reach it (AMQP, metrics, other listeners, the run's CA) from
 * those files alike.
 */
abstract class StartedNode extends ProbedBroker implements ControlledBroker {

    final NodeDirectory files;

    StartedNode(NodeDirectory files) {
        this.files = files;
    }

    @Override
    public URI uri() {
        return files.uri();
    }

    @Override
    public Optional<URI> prometheusEndpoint() {
        return Optional.of(files.prometheus());
    }

    @Override
    public Listeners listeners() {
        return files.listeners();
    }

    @Override
    public Optional<Path> caFile() {
        return Optional.of(files.certificates().caFile());
    }
}
