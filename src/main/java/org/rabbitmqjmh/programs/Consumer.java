package org.rabbitmqjmh.programs;

import com.rabbitmq.client.Connection;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.Enums;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;
import org.rabbitmqjmh.engine.consume.AckMode;
import org.rabbitmqjmh.engine.consume.ConsumeCounts;
import org.rabbitmqjmh.engine.consume.ConsumeSettings;
import org.rabbitmqjmh.engine.consume.ConsumeStyle;
import org.rabbitmqjmh.engine.consume.IdLedger;
import org.rabbitmqjmh.engine.consume.QueueConsumer;
import org.rabbitmqjmh.engine.consume.Quota;
import org.rabbitmqjmh.engine.consume.Work;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/**
 * The performance experiment's consumer: worker threads consume until the given number of messages
 * was handled, then print one CSV row per message ({@code id,received,acked}) to stdout and stop.
 * Mode 1 auto-acks (at most once); mode 2 acks after processing, every message or, with a batch size
 * N, with one multiple-ack every N (and a prefetch of N). Ids are checked: duplicates and missing ids
 * of {@code [first-id, first-id + count)} are reported.
 *
 * <p>{@code java -cp target/benchmarks.jar org.rabbitmqjmh.programs.Consumer --count 20000 --mode 2}
 */
public final class Consumer {

    private static final ProgramOptions OPTIONS = new ProgramOptions("usage: Consumer [options]");
    private static final ProgramOptions.Option<Integer> THREADS =
            OPTIONS.integer("threads", "consumers, each with its own connection", 1, 1, 1024);
    private static final ProgramOptions.Option<Integer> BATCH = OPTIONS.integer(
            "batch", "prefetch and multiple-ack size in mode 2; 0 = off: ack each, no prefetch limit", 0, 0, 65535);
    private static final ProgramOptions.Option<String> QUEUE =
            OPTIONS.queueName("queue", "queue name", "rabbitmq-jmh-experiment");
    private static final Endpoint.Options ENDPOINT = Endpoint.Options.declare(OPTIONS);
    private static final ProgramOptions.Option<String> MODE =
            OPTIONS.choice("mode", "1 = auto-ack (at most once), 2 = ack after processing", "2", Set.of("1", "2"));
    private static final ProgramOptions.Option<Long> COUNT =
            OPTIONS.number("count", "messages to consume in all", 10_000, 1, Integer.MAX_VALUE);
    private static final ProgramOptions.Option<Long> FIRST_ID = OPTIONS.number(
            "first-id", "lowest id expected; ids first-id..first-id+count-1 are checked", 1, 0, Long.MAX_VALUE / 2);
    private static final ProgramOptions.Option<String> STYLE =
            OPTIONS.text("style", "consumer style: " + Enums.allowed(ConsumeStyle.class), "callback");
    private static final ProgramOptions.Option<Integer> WORKERS =
            OPTIONS.integer("workers", "worker pool size for --style worker-pool", 4, 1, 1024);
    private static final ProgramOptions.Option<Long> IDLE_TIMEOUT =
            OPTIONS.number("idle-timeout", "seconds without a message before giving up", 30, 1, 86_400);
    private static final Programs.CsvOptions CSV = Programs.CsvOptions.declare(OPTIONS);

    private Consumer() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return Programs.guard("consumer", err, () -> {
            ProgramArgs a = OPTIONS.parse(args);
            if (a.get(CSV.help())) {
                out.print(OPTIONS.help());
                return Programs.OK;
            }
            int threads = a.get(THREADS);
            int batch = a.get(BATCH);
            String queue = a.get(QUEUE);
            int mode = Integer.parseInt(a.get(MODE));
            long count = a.get(COUNT);
            long firstId = a.get(FIRST_ID);
            ConsumeStyle style = ConsumeStyle.parse(a.get(STYLE));
            int workers = a.get(WORKERS);
            Duration idle = Duration.ofSeconds(a.get(IDLE_TIMEOUT));
            SocketIo io = SocketIo.parse(a.get(CSV.socketIo()));
            ConsumeSettings settings = settings(mode, batch, style, workers, idle);

            try (Endpoint endpoint = Endpoint.from(a, ENDPOINT, err)) {
                List<Connection> connections = new ArrayList<>();
                List<QueueConsumer> consumers = new ArrayList<>();
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    connections.addAll(endpoint.open(threads, io, "consumer"));
                    Topology.declareNamed(connections.get(0), QueueSpec.classic(queue, true));
                    Latency latency = new Latency();
                    IdLedger ledger = new IdLedger(firstId, count);
                    Quota quota = new Quota(count);
                    startConsumers(consumers, connections, queue, settings, count, latency, ledger);
                    Programs.startCsv(out, "received", "acked", a.get(CSV.header()));
                    long t0 = System.nanoTime();
                    try (CsvOnExit csv = new CsvOnExit(
                                    "consumer",
                                    out,
                                    err,
                                    () -> consumers.stream()
                                            .map(qc -> qc.recorder().snapshot())
                                            .toList(),
                                    "received",
                                    "acked");
                            AutoCloseable progress = Programs.progress(
                                    err, () -> "consumer: " + quota.doneCount() + "/" + count + " consumed")) {
                        consumeInParallel(pool, consumers, quota);
                        progress.close();
                        csv.write();
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    return report(err, consumers, seconds, latency, ledger, firstId, count);
                } finally {
                    pool.shutdownNow();
                    consumers.forEach(QueueConsumer::close);
                    connections.forEach(Connections::closeQuietly);
                }
            }
        });
    }

    private static ConsumeSettings settings(int mode, int batch, ConsumeStyle style, int workers, Duration idle) {
        AckMode ack = mode == 1 ? AckMode.AUTO : batch > 0 ? AckMode.MULTIPLE : AckMode.EACH;
        // basic.get ignores QoS, and the broker applies none to auto-ack deliveries.
        int prefetch = mode == 2 && style != ConsumeStyle.POLLING ? batch : 0;
        return new ConsumeSettings(style, ack, prefetch, Math.max(1, batch), workers, Work.NONE, idle);
    }

    /** One consumer a connection, each added to {@code consumers} as it starts (so a failure closes those started). */
    private static void startConsumers(
            List<QueueConsumer> consumers,
            List<Connection> connections,
            String queue,
            ConsumeSettings settings,
            long count,
            Latency latency,
            IdLedger ledger) {
        for (Connection c : connections) {
            TimingRecorder recorder =
                    TimingRecorder.withCapacity((int) Math.min(count, TimingRecorder.DEFAULT_CAPACITY));
            consumers.add(
                    new QueueConsumer(c, queue, QueueType.CLASSIC, settings, recorder, latency, ledger).started());
        }
    }

    /** Every consumer on a thread of the pool until the quota is consumed; the first failure is rethrown. */
    private static void consumeInParallel(ExecutorService pool, List<QueueConsumer> consumers, Quota quota)
            throws Exception {
        List<Future<?>> work = new ArrayList<>();
        for (QueueConsumer qc : consumers) {
            work.add(pool.submit(() -> {
                qc.consume(quota);
                return null;
            }));
        }
        for (Future<?> f : work) {
            Producer.await(f);
        }
    }

    /** The summary line; a failure, with the ids missing or duplicated, if the ledger shows any. */
    private static int report(
            PrintStream err,
            List<QueueConsumer> consumers,
            double seconds,
            Latency latency,
            IdLedger ledger,
            long firstId,
            long count) {
        ConsumeCounts c = ConsumeCounts.ZERO;
        for (QueueConsumer qc : consumers) {
            c = c.plus(qc.counts());
        }
        long missing = ledger.missing();
        err.printf(
                "consumer: %d messages in %.2f s, %.0f msg/s; acked %d, redelivered %d, duplicates %d, "
                        + "missing %d; end-to-end latency %s%n",
                c.consumed(),
                seconds,
                c.consumed() / seconds,
                c.acked(),
                c.redelivered(),
                c.duplicates(),
                missing,
                Latency.summary(latency.histogram()));
        if (c.duplicates() > 0 || missing > 0) {
            err.printf(
                    "consumer: ids %d..%d: %d missing, %d duplicated or outside the range%n",
                    firstId, firstId + count - 1, missing, c.duplicates());
            return Programs.RUNTIME_ERROR;
        }
        return Programs.OK;
    }
}
