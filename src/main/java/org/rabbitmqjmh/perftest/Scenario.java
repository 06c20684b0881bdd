package org.rabbitmqjmh.perftest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One comparison: the PerfTest flags and our benchmark with every one of its params fixed (a param left
 * open would make JMH run all its values), the PerfTest rate that matches our score, and the queue both
 * sides write to. Every scenario is 16 B transient messages, 1 publisher and 1 consumer, classic socket IO.
 */
enum Scenario {

    /**
     * Our score: messages the broker took per second (the iteration ends when it has them all; a message
     * the queue drops fails the trial); PerfTest's "sent", which counts messages handed to its socket.
     */
    NO_CONFIRMS(
            "no-confirms",
            "no confirms, auto-ack consumer",
            "PublishBenchmark",
            publish("none", "0"),
            List.of("-a"),
            "sent",
            QueueKind.BOUNDED),
    /** Our score: confirmed messages per second; PerfTest's "confirmed". Mandatory, as ours is with confirms. */
    ASYNC_WINDOW_100(
            "async-window-100",
            "async confirm window 100, auto-ack consumer",
            "PublishBenchmark",
            publish("async-window", "100"),
            List.of("-a", "-c", "100", "-f", "mandatory"),
            "confirmed",
            QueueKind.BOUNDED),
    CONFIRM_EACH(
            "confirm-each",
            "confirm each message, auto-ack consumer",
            "PublishBenchmark",
            publish("unary", "0"),
            List.of("-a", "-c", "1", "-f", "mandatory"),
            "confirmed",
            QueueKind.BOUNDED),
    /**
     * Our score: messages consumed and acked per second while our producer keeps the queue 5,000–10,000
     * deep; PerfTest's "received", its producer publishing as ours does (window of 500, mandatory) but
     * unpaced, as PerfTest has no depth-driven producer.
     */
    CONSUME_PREFETCH_100(
            "consume-prefetch-100",
            "consume, prefetch 100, ack each",
            "ConsumeThroughputBenchmark",
            Map.of("prefetch", "100", "style", "callback", "ack", "each", "socketIo", "classic", "workers", "4"),
            List.of("-q", "100", "-c", "500", "-f", "mandatory"),
            "received",
            QueueKind.UNBOUNDED);

    /** Which queue PerfTest is given: the one our benchmark of the scenario declares for itself. */
    enum QueueKind {
        /** PublishBenchmark's: classic, transient, 200,000 messages or 128 MiB, dropping its head. */
        BOUNDED,
        /** ConsumeThroughputBenchmark's: classic, transient, unbounded (its producer keeps it bounded). */
        UNBOUNDED
    }

    static final String ALLOWED = Arrays.stream(values()).map(Scenario::key).collect(Collectors.joining(", "));

    private final String key;
    private final String title;
    private final String benchmark;
    private final Map<String, String> params;
    private final List<String> perfTestFlags;
    private final String perfTestRate;
    private final QueueKind queue;

    Scenario(
            String key,
            String title,
            String benchmark,
            Map<String, String> params,
            List<String> perfTestFlags,
            String perfTestRate,
            QueueKind queue) {
        this.key = key;
        this.title = title;
        this.benchmark = benchmark;
        this.params = new TreeMap<>(params);
        this.perfTestFlags = perfTestFlags;
        this.perfTestRate = perfTestRate;
        this.queue = queue;
    }

    private static Map<String, String> publish(String confirm, String batch) {
        return Map.of(
                "messageSize",
                "16",
                "delivery",
                "transient",
                "queueType",
                "classic",
                "socketIo",
                "classic",
                "recording",
                "on",
                "confirm",
                confirm,
                "batch",
                batch);
    }

    static Scenario parse(String key) {
        return Arrays.stream(values())
                .filter(s -> s.key.equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + key + "'; allowed: " + ALLOWED));
    }

    /** The name on the command line and in file names. */
    String key() {
        return key;
    }

    String title() {
        return title;
    }

    /** Our benchmark class's simple name. */
    String benchmark() {
        return benchmark;
    }

    Map<String, String> params() {
        return params;
    }

    /**
     * PerfTest's flags for this scenario, writing to {@code queue} through the default exchange, as ours
     * does: {@code -p} makes PerfTest use the queue we declared instead of declaring its own.
     */
    List<String> perfTestArgs(String queueName) {
        List<String> args = new ArrayList<>(
                List.of("-x", "1", "-y", "1", "-s", "16", "-p", "-u", queueName, "-e", "amq.default", "-k", queueName));
        args.addAll(perfTestFlags);
        return args;
    }

    /** The field of PerfTest's per-second line that is the same rate as our score. */
    String perfTestRate() {
        return perfTestRate;
    }

    QueueKind queue() {
        return queue;
    }

    /** Whether both sides measure confirm latency in this scenario. */
    boolean confirms() {
        return perfTestRate.equals("confirmed");
    }

    /** Our params as JMH's {@code -p} flags, for the report. */
    String jmhParams() {
        return params.entrySet().stream()
                .map(e -> "-p " + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
