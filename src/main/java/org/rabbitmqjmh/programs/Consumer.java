package org.rabbitmqjmh.programs;

import com.rabbitmq.client.Connection;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rabbitmqjmh.engine.AckMode;
import org.rabbitmqjmh.engine.ConsumeCounts;
import org.rabbitmqjmh.engine.ConsumeSettings;
import org.rabbitmqjmh.engine.ConsumeStyle;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.Enums;
import org.rabbitmqjmh.engine.IdLedger;
import org.rabbitmqjmh.engine.Latency;
import org.rabbitmqjmh.engine.QueueConsumer;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.Quota;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.TimingRecorder;
import org.rabbitmqjmh.engine.Topology;
import org.rabbitmqjmh.engine.Work;

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

  static final LinkedHashMap<String, String> OPTIONS = new LinkedHashMap<>();

  static {
    OPTIONS.put("threads", "consumers, each with its own connection (default 1)");
    OPTIONS.put("batch", "prefetch and multiple-ack size in mode 2; 0 = off: ack each, no prefetch limit (default 0)");
    OPTIONS.put("queue", "queue name (default rabbitmq-jmh-experiment)");
    Endpoint.declareOptions(OPTIONS);
    OPTIONS.put("mode", "1 = auto-ack (at most once), 2 = ack after processing (default 2)");
    OPTIONS.put("count", "messages to consume in all (default 10000)");
    OPTIONS.put("first-id", "lowest id expected; ids first-id..first-id+count-1 are checked (default 1)");
    OPTIONS.put("style", "consumer style: " + Enums.allowed(ConsumeStyle.class) + " (default callback)");
    OPTIONS.put("workers", "worker pool size for --style worker-pool (default 4)");
    OPTIONS.put("idle-timeout", "seconds without a message before giving up (default 30)");
    Programs.declareCommonOptions(OPTIONS);
  }

  private Consumer() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    return Programs.guard("consumer", err, () -> {
      ProgramArgs a = ProgramArgs.parse(args, OPTIONS);
      if (a.has("help")) {
        out.print(ProgramArgs.help("usage: Consumer [options]", OPTIONS));
        return Programs.OK;
      }
      int threads = a.integer("threads", 1, 1, 1024);
      int batch = a.integer("batch", 0, 0, 65535);
      String queue = a.queueName("queue", "rabbitmq-jmh-experiment");
      int mode = Integer.parseInt(a.choice("mode", "2", Set.of("1", "2")));
      long count = a.number("count", 10_000, 1, Integer.MAX_VALUE);
      long firstId = a.number("first-id", 1, 0, Long.MAX_VALUE / 2);
      ConsumeStyle style = ConsumeStyle.parse(a.string("style", "callback"));
      int workers = a.integer("workers", 4, 1, 1024);
      Duration idle = Duration.ofSeconds(a.number("idle-timeout", 30, 1, 86_400));
      SocketIo io = SocketIo.parse(a.choice("socket-io", "classic", Set.of("classic", "netty")));
      AckMode ack = mode == 1 ? AckMode.AUTO : batch > 0 ? AckMode.MULTIPLE : AckMode.EACH;
      // basic.get ignores QoS, and the broker applies none to auto-ack deliveries.
      int prefetch = mode == 2 && style != ConsumeStyle.POLLING ? batch : 0;
      ConsumeSettings settings = new ConsumeSettings(style, ack, prefetch, Math.max(1, batch),
          workers, Work.NONE, idle);

      try (Endpoint endpoint = Endpoint.from(a, err)) {
        List<Connection> connections = new ArrayList<>();
        List<QueueConsumer> consumers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
          connections.addAll(endpoint.open(threads, io, "consumer"));
          Topology.declareNamed(connections.get(0), QueueSpec.classic(queue, true));
          Latency latency = new Latency();
          IdLedger ledger = new IdLedger(firstId, count);
          Quota quota = new Quota(count);
          for (Connection c : connections) {
            TimingRecorder recorder = TimingRecorder.withCapacity((int) Math.min(count, TimingRecorder.DEFAULT_CAPACITY));
            consumers.add(QueueConsumer.start(c, queue, QueueType.CLASSIC, settings, recorder, latency, ledger));
          }
          Programs.startCsv(out, "received", "acked", a.has("header"));
          long t0 = System.nanoTime();
          ConsumeCounts c = ConsumeCounts.ZERO;
          try (CsvOnExit csv = new CsvOnExit("consumer", out, err,
                  () -> consumers.stream().map(qc -> qc.recorder().snapshot()).toList(), "received", "acked");
              AutoCloseable progress = Programs.progress(err,
                  () -> "consumer: " + quota.doneCount() + "/" + count + " consumed")) {
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
            progress.close();
            csv.write();
          }
          double seconds = (System.nanoTime() - t0) / 1e9;
          for (QueueConsumer qc : consumers) {
            c = c.plus(qc.counts());
          }
          long missing = ledger.missing();
          err.printf("consumer: %d messages in %.2f s, %.0f msg/s; acked %d, redelivered %d, duplicates %d, "
                  + "missing %d; end-to-end latency %s%n", c.consumed(), seconds, c.consumed() / seconds, c.acked(),
              c.redelivered(), c.duplicates(), missing, Latency.summary(latency.histogram()));
          if (c.duplicates() > 0 || missing > 0) {
            err.printf("consumer: ids %d..%d: %d missing, %d duplicated or outside the range%n", firstId,
                firstId + count - 1, missing, c.duplicates());
            return Programs.RUNTIME_ERROR;
          }
          return Programs.OK;
        } finally {
          pool.shutdownNow();
          consumers.forEach(QueueConsumer::close);
          connections.forEach(Connections::closeQuietly);
        }
      }
    });
  }
}
