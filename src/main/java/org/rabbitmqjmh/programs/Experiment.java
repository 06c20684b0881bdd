package org.rabbitmqjmh.programs;

import com.rabbitmq.client.Connection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;
import org.rabbitmqjmh.host.RunFolder;

/**
 * The performance experiment of {@code 000_…} in one command: one broker (the suite's, or --uri), the
 * {@link Producer} and the {@link Consumer} running at the same time on one fresh queue, their CSVs
 * written to a run folder, then joined on id into {@code summary.md}: each side's rate and the
 * end-to-end latency (sent to received, sent to acked) percentiles. The queue is deleted at the end.
 *
 * <p>{@code java -cp target/benchmarks.jar org.rabbitmqjmh.programs.Experiment --producers 1 --consumers 1
 * --count 100000 --mode 2 --batch 100}
 */
public final class Experiment {

    private static final ProgramOptions OPTIONS = new ProgramOptions("usage: Experiment [options]");
    private static final ProgramOptions.Option<Integer> PRODUCERS =
            OPTIONS.integer("producers", "producer worker threads", 1, 1, 1024);
    private static final ProgramOptions.Option<Integer> CONSUMERS =
            OPTIONS.integer("consumers", "consumer worker threads", 1, 1, 1024);
    private static final ProgramOptions.Option<Integer> SIZE =
            OPTIONS.integer("size", "message size in bytes, at least 16", 16, 16, 128 * 1024 * 1024);
    private static final ProgramOptions.Option<Integer> BATCH = OPTIONS.integer(
            "batch", "producer confirm batch and consumer prefetch/multiple-ack size; 0 = off", 100, 0, 65535);
    private static final ProgramOptions.Option<String> MODE =
            OPTIONS.choice("mode", "1 = at most once, 2 = at least once", "2", Set.of("1", "2"));
    private static final ProgramOptions.Option<Long> COUNT =
            OPTIONS.number("count", "messages per producer thread", 100_000, 1, Integer.MAX_VALUE);
    private static final Endpoint.Options ENDPOINT = Endpoint.Options.declare(OPTIONS);
    private static final ProgramOptions.Option<String> SOCKET_IO = Programs.socketIo(OPTIONS);
    private static final ProgramOptions.Option<Boolean> HELP = OPTIONS.flag("help", "show this help");

    private Experiment() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return Programs.guard("experiment", err, () -> {
            ProgramArgs a = OPTIONS.parse(args);
            if (a.get(HELP)) {
                out.print(OPTIONS.help());
                return Programs.OK;
            }
            int producers = a.get(PRODUCERS);
            int consumers = a.get(CONSUMERS);
            int size = a.get(SIZE);
            int batch = a.get(BATCH);
            String mode = a.get(MODE);
            long count = a.get(COUNT);
            String io = a.get(SOCKET_IO);
            try (Endpoint endpoint = Endpoint.from(a, ENDPOINT, err)) {
                // Only now, with the arguments and the broker accepted: a refused run leaves no empty folder.
                Path dir = Files.createDirectories(RunFolder.current().resolve("experiment"));
                String queue = Topology.uniqueName("experiment");
                Connection admin =
                        endpoint.open(1, SocketIo.CLASSIC, "experiment-admin").get(0);
                try {
                    Topology.declareNamed(admin, QueueSpec.classic(queue, true)); // as the programs declare it
                    String uri = endpoint.uri().toString();
                    List<String> common = List.of(
                            "--queue",
                            queue,
                            "--uri",
                            uri,
                            "--mode",
                            mode,
                            "--batch",
                            Integer.toString(batch),
                            "--socket-io",
                            io,
                            "--header");
                    List<String> producerArgs = producerArgs(common, producers, count, size);
                    List<String> consumerArgs = consumerArgs(common, consumers, count * producers);
                    Path producerCsv = dir.resolve("producer.csv");
                    Path consumerCsv = dir.resolve("consumer.csv");
                    int[] exits = runBoth(producerArgs, consumerArgs, producerCsv, consumerCsv, err);
                    int producerExit = exits[0];
                    int consumerExit = exits[1];
                    if (producerExit != 0 || consumerExit != 0) {
                        err.println("experiment: the producer exited " + producerExit + " and the consumer "
                                + consumerExit);
                        return Programs.RUNTIME_ERROR;
                    }
                    String summary =
                            summary(producerCsv, consumerCsv, producers, consumers, size, batch, mode, count, io);
                    Files.writeString(dir.resolve("summary.md"), summary);
                    out.print(summary);
                    err.println("experiment: written to " + dir);
                    return Programs.OK;
                } finally {
                    Topology.delete(admin, queue);
                    Connections.closeQuietly(admin);
                }
            }
        });
    }

    /** The producer and the consumer at once, each writing its CSV; their exit statuses, producer first. */
    private static int[] runBoth(
            List<String> producerArgs, List<String> consumerArgs, Path producerCsv, Path consumerCsv, PrintStream err)
            throws Exception {
        ExecutorService both = Executors.newFixedThreadPool(2);
        try (PrintStream p = new PrintStream(Files.newOutputStream(producerCsv), false);
                PrintStream c = new PrintStream(Files.newOutputStream(consumerCsv), false)) {
            // The consumer subscribes first, so it is there when the first message arrives.
            Future<Integer> consumer = both.submit(() -> Consumer.run(consumerArgs.toArray(String[]::new), c, err));
            Thread.sleep(500);
            Future<Integer> producer = both.submit(() -> Producer.run(producerArgs.toArray(String[]::new), p, err));
            return new int[] {producer.get(), consumer.get()};
        } finally {
            both.shutdownNow();
        }
    }

    /** The {@link Producer}'s arguments: {@code count} messages a thread. */
    private static List<String> producerArgs(List<String> common, int producers, long count, int size) {
        List<String> producerArgs = new ArrayList<>(common);
        producerArgs.addAll(List.of(
                "--threads",
                Integer.toString(producers),
                "--count",
                Long.toString(count),
                "--size",
                Integer.toString(size)));
        return producerArgs;
    }

    /** The {@link Consumer}'s arguments: {@code total}, every producer thread's messages, in all. */
    private static List<String> consumerArgs(List<String> common, int consumers, long total) {
        List<String> consumerArgs = new ArrayList<>(common);
        consumerArgs.addAll(List.of("--threads", Integer.toString(consumers), "--count", Long.toString(total)));
        return consumerArgs;
    }

    /** Joins the two CSVs on id: rates from first and last times, latencies per message. */
    static String summary(
            Path producerCsv,
            Path consumerCsv,
            int producers,
            int consumers,
            int size,
            int batch,
            String mode,
            long count,
            String io)
            throws IOException {
        Map<Long, long[]> sent = read(producerCsv);
        Map<Long, long[]> received = read(consumerCsv);
        Histogram toReceived = new Histogram(3);
        Histogram toAcked = new Histogram(3);
        long missing = 0;
        for (Map.Entry<Long, long[]> e : sent.entrySet()) {
            long[] r = received.get(e.getKey());
            if (r == null) {
                missing++;
                continue;
            }
            toReceived.recordValue(Math.max(0, r[0] - e.getValue()[0]));
            if (r[1] >= 0) {
                toAcked.recordValue(Math.max(0, r[1] - e.getValue()[0]));
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                "# Producer/consumer experiment%n%n%d producer thread(s) x %d messages, %d consumer thread(s), "
                        + "%d B, batch %d, mode %s (%s), socket IO %s%n%n",
                producers,
                count,
                consumers,
                size,
                batch,
                mode,
                mode.equals("2")
                        ? "at least once: confirms, persistent, ack after processing"
                        : "at most once: no confirms, auto-ack",
                io));
        b.append("| side | messages | first to last (s) | msg/s |\n|---|---:|---:|---:|\n");
        b.append(rateRow("producer (sent)", sent));
        b.append(rateRow("consumer (received)", received));
        b.append(String.format("%n| latency, µs | p50 | p99 | p99.9 | max |%n|---|---:|---:|---:|---:|%n"));
        b.append(latencyRow("sent to received", toReceived));
        if (toAcked.getTotalCount() > 0) {
            b.append(latencyRow("sent to acked", toAcked));
        }
        b.append(String.format(
                "%nids sent %d, received %d, sent but not received %d%n", sent.size(), received.size(), missing));
        return b.toString();
    }

    private static String rateRow(String side, Map<Long, long[]> rows) {
        long first = rows.values().stream().mapToLong(t -> t[0]).min().orElse(0);
        long last = rows.values().stream().mapToLong(t -> t[0]).max().orElse(0);
        double seconds = Math.max(1, last - first) / 1e6;
        return String.format("| %s | %d | %.3f | %.0f |%n", side, rows.size(), seconds, rows.size() / seconds);
    }

    private static String latencyRow(String what, Histogram h) {
        return String.format(
                "| %s | %d | %d | %d | %d |%n",
                what,
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9),
                h.getMaxValue());
    }

    /** id to {first time, second time or -1}, epoch µs, from one of our CSVs (with its header). */
    static Map<Long, long[]> read(Path csv) throws IOException {
        Map<Long, long[]> m = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(csv)) {
            String line = r.readLine(); // header
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",", -1);
                m.put(Long.parseLong(f[0]), new long[] {Long.parseLong(f[1]), f[2].isEmpty() ? -1 : Long.parseLong(f[2])
                });
            }
        }
        return m;
    }
}
