package org.rabbitmqjmh.broker;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A broker the user runs (or the launcher's, handed to a fork): one node, or a cluster's nodes given
 * together. The suite checks that each answers and otherwise leaves it alone.
 */
final class ExternalBroker extends ProbedBroker {

    private final List<URI> uris;
    private final List<URI> metrics;

    private ExternalBroker(List<URI> uris, String version, Duration startTime, List<URI> metrics) {
        super(version, startTime);
        this.uris = List.copyOf(uris);
        this.metrics = metrics;
    }

    static ExternalBroker connect(URI uri) {
        return connect(List.of(uri));
    }

    /** Every node must answer: a trial spread over them would otherwise fail midway. */
    static ExternalBroker connect(List<URI> uris) {
        long t0 = System.nanoTime();
        String version = BrokerProbe.version(uris.get(0));
        uris.subList(1, uris.size()).forEach(BrokerProbe::version);
        List<URI> metrics = metricsOf(uris, System.getProperty(BrokerSettings.METRICS_URI));
        return new ExternalBroker(uris, version, Duration.ofNanos(System.nanoTime() - t0), metrics);
    }

    /**
     * The broker's Prometheus endpoints: those given (checked, since a wrong one would turn the
     * cross-check off unnoticed), none if told "off", else the plugin's default port on each node's host
     * if every one answers there.
     */
    static List<URI> metricsOf(List<URI> amqp, String given) {
        if (given != null) {
            if (given.equals(BrokerSettings.METRICS_OFF)) {
                return List.of();
            }
            List<URI> endpoints = BrokerCounters.parseEndpoints(given);
            BrokerCounters.at(endpoints).read();
            return endpoints;
        }
        List<URI> found = new ArrayList<>();
        for (String host : amqp.stream()
                .map(u -> u.getHost() == null ? "localhost" : u.getHost())
                .distinct()
                .toList()) {
            URI guess = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":15692/metrics");
            Optional<BrokerCounters> c = BrokerCounters.probe(guess);
            if (c.isEmpty()) {
                return List.of();
            }
            found.add(guess);
        }
        return found;
    }

    @Override
    public Optional<URI> prometheusEndpoint() {
        return metrics.stream().findFirst();
    }

    @Override
    public List<URI> prometheusEndpoints() {
        return metrics;
    }

    @Override
    public List<URI> uris() {
        return uris;
    }

    @Override
    public BrokerSource source() {
        return BrokerSource.URI;
    }

    @Override
    public URI uri() {
        return uris.get(0);
    }

    @Override
    public void close() {
        // Not ours to stop: whatever the suite declared there was deleted by whoever declared it.
    }
}
