package org.rabbitmqjmh.programs;

import com.rabbitmq.client.Connection;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;
import org.rabbitmqjmh.engine.publish.ConfirmMode;
import org.rabbitmqjmh.engine.publish.PublishCounts;
import org.rabbitmqjmh.engine.publish.PublishSettings;
import org.rabbitmqjmh.engine.publish.Publisher;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/**
 * The performance experiment's producer: worker threads publish as fast as they can, then print one
 * CSV row per message ({@code id,sent,acked}, epoch microseconds) to stdout. Mode 1 is at most once
 * (no confirms, transient messages); mode 2 at least once (publisher confirms, persistent messages, a
 * durable queue), waiting for confirms after every batch (batch 0: after every message).
 *
 * <p>{@code java -cp target/benchmarks.jar org.rabbitmqjmh.programs.Producer --threads 4 --count 5000 --mode 2}
 */
public final class Producer {

    private static final ProgramOptions OPTIONS = new ProgramOptions("usage: Producer [options]");
    private static final ProgramOptions.Option<Integer> THREADS =
            OPTIONS.integer("threads", "worker threads, each with its own connection", 1, 1, 1024);
    private static final ProgramOptions.Option<Integer> SIZE =
            OPTIONS.integer("size", "message size in bytes, at least 16", 16, 16, 128 * 1024 * 1024);
    private static final ProgramOptions.Option<Integer> BATCH = OPTIONS.integer(
            "batch",
            "confirm batch size in mode 2; 0 = off, wait for each confirm",
            0,
            0,
            PublishSettings.UNBOUNDED_WINDOW);
    private static final ProgramOptions.Option<String> QUEUE =
            OPTIONS.queueName("queue", "queue name", "rabbitmq-jmh-experiment");
    private static final Endpoint.Options ENDPOINT = Endpoint.Options.declare(OPTIONS);
    private static final ProgramOptions.Option<String> MODE =
            OPTIONS.choice("mode", "1 = at most once, 2 = at least once", "2", Set.of("1", "2"));
    private static final ProgramOptions.Option<Long> COUNT =
            OPTIONS.number("count", "messages per worker thread", 10_000, 1, Integer.MAX_VALUE);
    private static final ProgramOptions.Option<Long> FIRST_ID =
            OPTIONS.number("first-id", "id of the first message; ids run on across threads", 1, 0, Long.MAX_VALUE / 2);
    private static final Programs.CsvOptions CSV = Programs.CsvOptions.declare(OPTIONS);

    private Producer() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return Programs.guard("producer", err, () -> {
            ProgramArgs a = OPTIONS.parse(args);
            if (a.get(CSV.help())) {
                out.print(OPTIONS.help());
                return Programs.OK;
            }
            int threads = a.get(THREADS);
            int size = a.get(SIZE);
            int batch = a.get(BATCH);
            String queue = a.get(QUEUE);
            int mode = Integer.parseInt(a.get(MODE));
            long count = a.get(COUNT);
            long firstId = a.get(FIRST_ID);
            SocketIo io = SocketIo.parse(a.get(CSV.socketIo()));
            PublishSettings settings =
                    PublishSettings.of(size, mode == 2 ? ConfirmMode.BATCH : ConfirmMode.NONE, batch, mode == 2);

            try (Endpoint endpoint = Endpoint.from(a, ENDPOINT, err)) {
                List<Connection> connections = new ArrayList<>();
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    connections.addAll(endpoint.open(threads, io, "producer"));
                    Topology.declareNamed(connections.get(0), QueueSpec.classic(queue, true));
                    Latency confirmLatency = new Latency();
                    List<Publisher> publishers =
                            publishers(connections, threads, queue, settings, firstId, count, confirmLatency, io);
                    Programs.startCsv(out, "sent", "acked", a.get(CSV.header()));
                    long t0 = System.nanoTime();
                    try (CsvOnExit csv = new CsvOnExit(
                                    "producer",
                                    out,
                                    err,
                                    () -> publishers.stream()
                                            .map(p -> p.recorder().snapshot())
                                            .toList(),
                                    "sent",
                                    "acked");
                            AutoCloseable progress = Programs.progress(
                                    err,
                                    () -> "producer: " + total(publishers).published() + "/" + count * threads
                                            + " sent, " + total(publishers).confirmed() + " confirmed")) {
                        publishInParallel(pool, publishers, count);
                        progress.close();
                        csv.write();
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    return report(err, total(publishers), seconds, confirmLatency, mode);
                } finally {
                    pool.shutdownNow();
                    connections.forEach(Connections::closeQuietly);
                }
            }
        });
    }

    /** One publisher a connection (one a thread), each with its own run of ids. */
    private static List<Publisher> publishers(
            List<Connection> connections,
            int threads,
            String queue,
            PublishSettings settings,
            long firstId,
            long count,
            Latency confirmLatency,
            SocketIo io) {
        List<Publisher> publishers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            TimingRecorder recorder =
                    TimingRecorder.withCapacity((int) Math.min(count, TimingRecorder.DEFAULT_CAPACITY));
            publishers.add(new Publisher(
                    connections.get(t), queue, settings, firstId + t * count, recorder, confirmLatency, io));
        }
        return publishers;
    }

    /** Every publisher on a thread of the pool, {@code count} messages each; the first failure is rethrown. */
    private static void publishInParallel(ExecutorService pool, List<Publisher> publishers, long count)
            throws Exception {
        List<Future<?>> work = new ArrayList<>();
        for (Publisher p : publishers) {
            work.add(pool.submit(() -> {
                for (long i = 0; i < count; i++) {
                    p.publish();
                }
                p.flush();
                return null;
            }));
        }
        for (Future<?> f : work) {
            await(f);
        }
    }

    /** The summary line; in mode 2, a failure if any message went unconfirmed, nacked or returned. */
    private static int report(PrintStream err, PublishCounts c, double seconds, Latency confirmLatency, int mode) {
        Histogram h = confirmLatency.histogram();
        err.printf(
                "producer: %d messages in %.2f s, %.0f msg/s; confirmed %d, nacked %d, returned %d; "
                        + "confirm latency %s%n",
                c.published(),
                seconds,
                c.published() / seconds,
                c.confirmed(),
                c.nacked(),
                c.returned(),
                mode == 2 ? Latency.summary(h) : "n/a (mode 1)");
        if (mode == 2 && (c.confirmed() != c.published() || c.nacked() > 0 || c.returned() > 0)) {
            err.printf(
                    "producer: at-least-once broken: %d of %d confirmed, %d nacked, %d returned%n",
                    c.confirmed(), c.published(), c.nacked(), c.returned());
            return Programs.RUNTIME_ERROR;
        }
        return Programs.OK;
    }

    private static PublishCounts total(List<Publisher> publishers) {
        PublishCounts c = PublishCounts.ZERO;
        for (Publisher p : publishers) {
            c = c.plus(p.counts());
        }
        return c;
    }

    static void await(Future<?> f) throws Exception {
        try {
            f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
