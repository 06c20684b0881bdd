package org.rabbitmqjmh.broker;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The broker's own message counters, read from its {@code rabbitmq_prometheus} endpoint: the
 * {@code rabbitmq_global_messages_*} counters, which the broker updates as it works (the per-object
 * metrics come from statistics emitted every few seconds, too late to bracket a one-second iteration).
 * They count every client of the broker, of every protocol, so they witness a benchmark only on a broker no one
 * else uses while it runs: the suite's private node or container, or a URI broker kept for the run.
 * A cluster's nodes each count their own clients' messages: read at every node's endpoint, they add up to
 * the cluster's.
 */
public final class BrokerCounters {

    /**
     * Counts since the broker started; {@code reductions}: the Erlang VM's reductions (its unit of work:
     * function calls, a count that does not depend on how fast the host ran), every process's, the node's
     * housekeeping included.
     */
    public record Counts(
            long received,
            long confirmed,
            long routed,
            long delivered,
            long acknowledged,
            long dropped,
            long deadLettered,
            long unroutable,
            long reductions) {

        /** Count by count: this minus {@code earlier}. */
        public Counts minus(Counts earlier) {
            return new Counts(
                    received - earlier.received,
                    confirmed - earlier.confirmed,
                    routed - earlier.routed,
                    delivered - earlier.delivered,
                    acknowledged - earlier.acknowledged,
                    dropped - earlier.dropped,
                    deadLettered - earlier.deadLettered,
                    unroutable - earlier.unroutable,
                    reductions - earlier.reductions);
        }

        Counts plus(Counts other) {
            return new Counts(
                    received + other.received,
                    confirmed + other.confirmed,
                    routed + other.routed,
                    delivered + other.delivered,
                    acknowledged + other.acknowledged,
                    dropped + other.dropped,
                    deadLettered + other.deadLettered,
                    unroutable + other.unroutable,
                    reductions + other.reductions);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String PREFIX = "rabbitmq_global_messages_";
    private static final String REDUCTIONS = "erlang_vm_statistics_reductions_total ";

    private final List<URI> endpoints;
    private final HttpClient http;

    private BrokerCounters(List<URI> endpoints) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no metrics endpoint");
        }
        this.endpoints = List.copyOf(endpoints);
        // HTTP/1.1: the JDK client otherwise asks to upgrade to HTTP/2, which the broker's web server took
        // up once in a test run and answered in HTTP/1.1 ("Frame type(101) ... exceeds MAX_FRAME_SIZE"),
        // failing a healthy trial.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** Reads the counters at {@code endpoint} (a Prometheus {@code /metrics} URL). */
    public static BrokerCounters at(URI endpoint) {
        return new BrokerCounters(List.of(endpoint));
    }

    /** Reads the counters at every node's endpoint and adds them up: a cluster's. */
    public static BrokerCounters at(List<URI> endpoints) {
        return new BrokerCounters(endpoints);
    }

    /**
     * The endpoints of {@code -D}{@link BrokerSettings#METRICS_URI}'s value: one URL, or a cluster's,
     * comma-separated. A malformed one is a {@link BrokerException} naming it.
     */
    public static List<URI> parseEndpoints(String value) {
        List<URI> out = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                URI u = new URI(part.strip());
                if (u.getScheme() == null || !u.getScheme().startsWith("http") || u.getHost() == null) {
                    throw new URISyntaxException(part, "not an http URL");
                }
                out.add(u);
            } catch (URISyntaxException e) {
                throw new BrokerException(
                        "-D" + BrokerSettings.METRICS_URI + "=" + value + " is not a URL list; allowed: "
                                + "http://host:15692/metrics, several comma-separated (a cluster's nodes), or "
                                + BrokerSettings.METRICS_OFF);
            }
        }
        return List.copyOf(out);
    }

    /** The value of {@code -D}{@link BrokerSettings#METRICS_URI} that names these endpoints. */
    public static String property(List<URI> endpoints) {
        return endpoints.stream().map(URI::toString).collect(Collectors.joining(","));
    }

    /**
     * The counters at {@code endpoint} if it answers with them within a second; empty otherwise (no
     * plugin, nothing listening, another service on the port).
     */
    public static Optional<BrokerCounters> probe(URI endpoint) {
        BrokerCounters c = at(endpoint);
        try {
            c.fetch(Duration.ofSeconds(1));
            return Optional.of(c);
        } catch (BrokerException e) {
            return Optional.empty();
        }
    }

    public List<URI> endpoints() {
        return endpoints;
    }

    /** The counters now (summed over the endpoints); a broker that does not answer within 5 s is a {@link BrokerException}. */
    public Counts read() {
        return fetch(TIMEOUT);
    }

    /** The JDK's HTTP client reports a refused connection as a ConnectException without a message. */
    private static String why(IOException e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    private Counts fetch(Duration timeout) {
        Counts sum = null;
        for (URI endpoint : endpoints) {
            Counts c = fetch(endpoint, timeout);
            sum = sum == null ? c : sum.plus(c);
        }
        return sum;
    }

    private Counts fetch(URI endpoint, Duration timeout) {
        String text;
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(endpoint).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new BrokerException("the broker's metrics at " + endpoint + " answered HTTP " + r.statusCode());
            }
            text = r.body();
        } catch (IOException e) {
            throw new BrokerException(
                    "cannot read the broker's metrics at " + endpoint + ": " + why(e) + "; did the broker stop?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while reading the broker's metrics at " + endpoint);
        }
        return parse(text, endpoint);
    }

    /** Sums each global counter over its labels (protocols, queue types); a drop is dead-lettering with no target. */
    static Counts parse(String text, URI from) {
        long[] v = new long[9];
        boolean any = false;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            if (line.startsWith(REDUCTIONS)) {
                v[8] += (long) Double.parseDouble(
                        line.substring(line.lastIndexOf(' ') + 1).trim());
                continue;
            }
            if (!line.startsWith(PREFIX)) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = line.substring(PREFIX.length(), brace >= 0 ? brace : space);
            String labels = brace >= 0 ? line.substring(brace, space) : "";
            // Every protocol's counters (amqp091; stream; mqtt and others on 3.12+, where 3.10 counts MQTT,
            // STOMP and AMQP 1.0 as amqp091, their plugins publishing through internal channels): the client
            // side counts every client of ours, the engine's and ProtocolBenchmark's.
            long value = (long) Double.parseDouble(line.substring(space + 1).trim());
            any = true;
            switch (name) {
                case "received_total" -> v[0] += value;
                case "confirmed_total" -> v[1] += value;
                case "routed_total" -> v[2] += value;
                case "delivered_total" -> v[3] += value;
                case "acknowledged_total" -> v[4] += value;
                case "unroutable_dropped_total", "unroutable_returned_total" -> v[7] += value;
                default -> {
                    if (name.startsWith("dead_lettered_") && !name.equals("dead_lettered_confirmed_total")) {
                        if (labels.contains("dead_letter_strategy=\"disabled\"")) {
                            v[5] += value;
                        } else {
                            v[6] += value;
                        }
                    }
                }
            }
        }
        if (!any) {
            throw new BrokerException("no rabbitmq_global_messages_* counters at " + from
                    + " (RabbitMQ 3.9 or later with rabbitmq_prometheus serves them)");
        }
        return new Counts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }
}
