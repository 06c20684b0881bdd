package org.rabbitmqjmh.programs;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.host.RunFolder;
import org.rabbitmqjmh.pace.BackPressure;
import org.rabbitmqjmh.pace.PaceCounts;
import org.rabbitmqjmh.pace.PaceMetrics;
import org.rabbitmqjmh.pace.PaceMonitor;
import org.rabbitmqjmh.pace.PaceRun;
import org.rabbitmqjmh.pace.PaceSample;
import org.rabbitmqjmh.pace.PaceSettings;
import org.rabbitmqjmh.pace.PaceSummary;

/**
 * The pace-matching experiment of {@code 001_…} in one command: a fast producer against a slow consumer
 * through three phases (normal; consumer stopped; consumer resumed), with the back-pressure mode of
 * choice. Writes {@code pace/timeseries.csv} (one row a second) and {@code pace/summary.md} to a run
 * folder, prints each second on stderr and serves the same figures on a Prometheus endpoint.
 *
 * <p>{@code java -cp target/benchmarks.jar org.rabbitmqjmh.programs.PaceMatching --back-pressure reject-publish}
 */
public final class PaceMatching {

    private static final ProgramOptions OPTIONS = new ProgramOptions("usage: PaceMatching [options]");
    private static final ProgramOptions.Option<Long> PRODUCER_RATE =
            OPTIONS.number("producer-rate", "messages per second the producer aims at", 1000, 1, 1_000_000);
    private static final ProgramOptions.Option<Long> CONSUMER_RATE =
            OPTIONS.number("consumer-rate", "messages per second the consumer can handle", 100, 1, 1_000_000);
    private static final ProgramOptions.Option<Integer> SIZE =
            OPTIONS.integer("size", "message size in bytes, at least 16", 1024, 16, 16 * 1024 * 1024);
    private static final ProgramOptions.Option<Integer> PREFETCH =
            OPTIONS.integer("prefetch", "consumer prefetch", 10, 1, 65535);
    private static final ProgramOptions.Option<Integer> WINDOW =
            OPTIONS.integer("window", "producer's window of outstanding confirms", 100, 1, 65535);
    private static final ProgramOptions.Option<String> BACK_PRESSURE =
            OPTIONS.text("back-pressure", "confirms, reject-publish, drop-head or memory-alarm", "reject-publish");
    private static final ProgramOptions.Option<Long> MAX_LENGTH = OPTIONS.number(
            "max-length", "queue length limit for reject-publish and drop-head", 5000, 1, Integer.MAX_VALUE);
    private static final ProgramOptions.Option<Long> HEADROOM = OPTIONS.number(
            "memory-headroom-mb", "memory-alarm: watermark = the broker's memory use at start + this", 48, 1, 1 << 20);
    private static final ProgramOptions.Option<Integer> NORMAL =
            OPTIONS.integer("normal", "seconds of normal operation", 10, 0, 86_400);
    private static final ProgramOptions.Option<Integer> STOPPED =
            OPTIONS.integer("stopped", "seconds the consumer is stopped", 10, 0, 86_400);
    private static final ProgramOptions.Option<Integer> RESUMED =
            OPTIONS.integer("resumed", "seconds after the consumer resumes", 10, 0, 86_400);
    private static final ProgramOptions.Option<String> METRICS_PORT = OPTIONS.text(
            "metrics-port", "port of the Prometheus endpoint on 127.0.0.1; 0 = any free port, off = none", "8000");
    private static final Endpoint.Options ENDPOINT = Endpoint.Options.declare(OPTIONS);
    private static final ProgramOptions.Option<Boolean> HELP = OPTIONS.flag("help", "show this help");

    private PaceMatching() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return Programs.guard("pace", err, () -> {
            ProgramArgs a = OPTIONS.parse(args);
            if (a.get(HELP)) {
                out.print(OPTIONS.help());
                return Programs.OK;
            }
            BackPressure mode = BackPressure.parse(a.get(BACK_PRESSURE));
            PaceSettings settings = new PaceSettings(
                    a.get(PRODUCER_RATE),
                    a.get(CONSUMER_RATE),
                    a.get(SIZE),
                    a.get(PREFETCH),
                    a.get(WINDOW),
                    mode,
                    a.get(MAX_LENGTH));
            long headroom = a.get(HEADROOM) << 20;
            int[] seconds = {a.get(NORMAL), a.get(STOPPED), a.get(RESUMED)};
            if (seconds[0] + seconds[1] + seconds[2] == 0) {
                throw new UsageException("the phases add up to 0 s; give --normal, --stopped or --resumed at least 1");
            }
            String port = a.get(METRICS_PORT);
            int metricsPort = port.equals("off") ? -1 : portNumber(port);

            try (Endpoint endpoint = Endpoint.from(a, ENDPOINT, err)) {
                if (mode == BackPressure.MEMORY_ALARM) {
                    lowerMemoryWatermark(endpoint, headroom, err);
                }
                endpoint.owned()
                        .flatMap(Broker::prometheusEndpoint)
                        .ifPresent(u -> err.println("pace: broker metrics at " + u));
                Duration total = Duration.ofSeconds(seconds[0] + seconds[1] + seconds[2]);
                // The run folder only once the port, the broker and the queue were accepted: a refused run
                // leaves no empty folder behind.
                try (PaceMetrics metrics = metricsPort < 0 ? null : PaceMetrics.serve(metricsPort);
                        PaceRun pace = PaceRun.start(endpoint.uri(), settings, new Latency(), true, total);
                        Writer csv = Files.newBufferedWriter(
                                Files.createDirectories(RunFolder.current().resolve("pace"))
                                        .resolve("timeseries.csv"))) {
                    Path dir = RunFolder.current().resolve("pace");
                    if (metrics != null) {
                        err.println("pace: metrics at http://127.0.0.1:" + metrics.port() + "/metrics");
                    }
                    List<Consumer<PaceSample>> listeners = listeners(err, metrics);
                    err.println("pace: " + PaceSample.CSV_HEADER);
                    try (PaceMonitor monitor = new PaceMonitor(pace, csv, listeners)) {
                        runPhases(monitor, pace, seconds);
                        List<PaceSample> samples = monitor.samples();
                        var latency = monitor.phaseLatency();
                        monitor.close();
                        writeSummary(pace, settings, seconds, samples, latency, dir, out, err);
                        if (pace.failure() != null) {
                            throw new IllegalStateException(pace.failure());
                        }
                        return Programs.OK;
                    }
                }
            }
        });
    }

    /** The broker's memory watermark set to what it uses now plus {@code headroom}: only on a broker we started. */
    private static void lowerMemoryWatermark(Endpoint endpoint, long headroom, PrintStream err) {
        Broker broker = endpoint.owned()
                .orElseThrow(() -> new UsageException("--back-pressure memory-alarm lowers "
                        + "the broker's memory watermark, which the suite does only on a broker it started; leave out "
                        + "--uri/--host (and RABBITMQ_URI)"));
        long used = broker.memoryUsedBytes();
        broker.setMemoryWatermark(used + headroom);
        err.printf(
                "pace: memory watermark set to %d MiB (%d MiB in use + %d MiB)%n",
                (used + headroom) >> 20, used >> 20, headroom >> 20);
    }

    /** Each sample to stderr as a CSV line, and to the metrics endpoint if one is served. */
    private static List<Consumer<PaceSample>> listeners(PrintStream err, PaceMetrics metrics) {
        List<Consumer<PaceSample>> listeners = new ArrayList<>();
        listeners.add(s -> err.println("pace: " + s.csvLine()));
        if (metrics != null) {
            listeners.add(metrics::update);
        }
        return listeners;
    }

    /** Normal, consumer stopped, resumed: {@code seconds[i]} seconds each. */
    private static void runPhases(PaceMonitor monitor, PaceRun pace, int[] seconds) throws InterruptedException {
        // Each phase change follows the sample that ends the previous phase's last second.
        monitor.phase("normal");
        monitor.awaitSample(seconds[0]);
        monitor.phase("consumer-stopped");
        pace.stopConsumer();
        monitor.awaitSample(seconds[0] + seconds[1]);
        monitor.phase("resumed");
        pace.resumeConsumer();
        monitor.awaitSample(seconds[0] + seconds[1] + seconds[2]);
    }

    /** Stops the producer and writes the run's summary to summary.md and stdout. */
    private static void writeSummary(
            PaceRun pace,
            PaceSettings settings,
            int[] seconds,
            List<PaceSample> samples,
            Map<String, Histogram> latency,
            Path dir,
            PrintStream out,
            PrintStream err)
            throws IOException, InterruptedException {
        pace.stopProducer();
        PaceCounts end = pace.counts();
        long depth = pace.depth();
        long dropped = pace.dropped();
        String summary = PaceSummary.markdown(
                settings, seconds[0] + "/" + seconds[1] + "/" + seconds[2], samples, latency, end, depth, dropped);
        Files.writeString(dir.resolve("summary.md"), summary);
        out.print(summary);
        err.println("pace: written to " + dir);
    }

    private static int portNumber(String value) {
        try {
            int p = Integer.parseInt(value);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the one message
        }
        throw new UsageException("--metrics-port " + value + " is not a port; allowed: 0..65535 or off");
    }
}
