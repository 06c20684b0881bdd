package org.rabbitmqjmh.pace;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;

/**
 * The pace run's figures on a Prometheus endpoint while it runs ({@code http://127.0.0.1:PORT/metrics}),
 * updated with each second's {@link PaceSample}: the same numbers as the time-series CSV.
 */
public final class PaceMetrics implements AutoCloseable {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final HTTPServer server;
    private final Gauge producerRate = gauge("pace_producer_rate", "messages published in the last second");
    private final Gauge targetRate =
            gauge("pace_producer_target_rate", "the producer's current rate, after adapting to nacks");
    private final Gauge consumerRate = gauge("pace_consumer_rate", "messages consumed in the last second");
    private final Gauge depth = gauge("pace_queue_depth", "ready messages in the queue");
    private final Gauge oldestAge =
            gauge("pace_oldest_message_age_seconds", "estimated age of the message at the head of the queue");
    private final Gauge latency = Gauge.builder()
            .name("pace_latency_seconds")
            .help("end-to-end latency from intended send time, of the messages consumed in the last second")
            .labelNames("quantile")
            .register(registry);
    private final Gauge blocked = gauge("pace_producer_blocked", "1 while the broker blocks the producer's connection");
    private final Gauge phase = Gauge.builder()
            .name("pace_phase")
            .help("1 for the phase the run is in")
            .labelNames("phase")
            .register(registry);
    private final Counter published = counter("pace_published", "messages published");
    private final Counter confirmed = counter("pace_confirmed", "messages confirmed by the broker");
    private final Counter nacked = counter("pace_nacked", "messages the broker refused (reject-publish)");
    private final Counter dropped = counter("pace_dropped", "messages drop-head dropped from the queue");
    private final Counter consumed = counter("pace_consumed", "messages consumed and acknowledged");
    private final Counter blockedEvents = counter("pace_blocked_events", "connection.blocked notifications");
    private final Counter blockedSeconds = counter("pace_blocked_seconds", "time the producer spent blocked");
    private PaceCounts last;
    private String lastPhase;

    private PaceMetrics(int port) throws IOException {
        this.server = HTTPServer.builder()
                .hostname("127.0.0.1")
                .port(port)
                .registry(registry)
                .buildAndStart();
    }

    /** Serves on {@code port} (0: any free port); one clear error if the port is taken. */
    public static PaceMetrics serve(int port) {
        try {
            return new PaceMetrics(port);
        } catch (BindException e) {
            throw new IllegalArgumentException(
                    "metrics port " + port + " is in use; choose another with --metrics-port "
                            + "(0 picks a free one, off disables the endpoint)");
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve metrics on port " + port + ": " + e.getMessage());
        }
    }

    public int port() {
        return server.getPort();
    }

    private Gauge gauge(String name, String help) {
        return Gauge.builder().name(name).help(help).register(registry);
    }

    private Counter counter(String name, String help) {
        return Counter.builder().name(name).help(help).register(registry);
    }

    public synchronized void update(PaceSample s) {
        producerRate.set(s.producerRate());
        targetRate.set(s.targetRate());
        consumerRate.set(s.consumerRate());
        depth.set(s.depth());
        oldestAge.set(s.oldestAgeMs() / 1000);
        if (!Double.isNaN(s.latencyP50Ms())) {
            latency.labelValues("0.5").set(s.latencyP50Ms() / 1000);
            latency.labelValues("0.99").set(s.latencyP99Ms() / 1000);
        }
        blocked.set(s.blocked() ? 1 : 0);
        if (lastPhase != null && !lastPhase.equals(s.phase())) {
            phase.labelValues(lastPhase).set(0);
        }
        phase.labelValues(s.phase()).set(1);
        lastPhase = s.phase();
        PaceCounts t = s.totals();
        PaceCounts p = last;
        published.inc(t.published() - (p == null ? 0 : p.published()));
        confirmed.inc(t.confirmed() - (p == null ? 0 : p.confirmed()));
        nacked.inc(t.nacked() - (p == null ? 0 : p.nacked()));
        consumed.inc(t.consumed() - (p == null ? 0 : p.consumed()));
        dropped.inc(s.dropped());
        blockedEvents.inc(t.blockedEvents() - (p == null ? 0 : p.blockedEvents()));
        blockedSeconds.inc((t.blockedNanos() - (p == null ? 0 : p.blockedNanos())) / 1e9);
        last = t;
    }

    @Override
    public void close() {
        server.close();
    }
}
