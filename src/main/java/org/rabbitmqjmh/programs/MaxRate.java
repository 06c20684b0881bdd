package org.rabbitmqjmh.programs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.host.RunFolder;
import org.rabbitmqjmh.pace.BackPressure;
import org.rabbitmqjmh.pace.PaceSettings;
import org.rabbitmqjmh.pace.RateSearch;
import org.rabbitmqjmh.pace.RateStep;
import org.rabbitmqjmh.pace.RateTable;

/**
 * The highest sustainable publish rate, the number an architect asks for first: the rate at which, for a
 * full window, the queue does not grow and the confirm and end-to-end p99 stay under the bounds given,
 * latency measured from each message's intended send time ({@link RateStep}), found by search
 * ({@link RateSearch}). Writes {@code max-rate/steps.csv} (every step) and {@code max-rate/summary.md} to a
 * run folder and prints the summary: the rate, its p99s, and the first rate that failed and why.
 *
 * <p>{@code java -cp target/benchmarks.jar org.rabbitmqjmh.programs.MaxRate --e2e-p99-us 20000 --max 50000}
 */
public final class MaxRate {

    private static final ProgramOptions OPTIONS = new ProgramOptions("usage: MaxRate [options]");
    private static final ProgramOptions.Option<Long> MIN =
            OPTIONS.number("min", "the first rate tried, msg/s", 500, 1, 1_000_000);
    private static final ProgramOptions.Option<Long> MAX =
            OPTIONS.number("max", "the highest rate tried, msg/s", 200_000, 1, 1_000_000);
    private static final ProgramOptions.Option<Integer> PRECISION = OPTIONS.integer(
            "precision", "stop when the highest pass and lowest failure are within this many percent", 5, 1, 100);
    private static final ProgramOptions.Option<Integer> WINDOW =
            OPTIONS.integer("window", "seconds each rate is measured for, after its warm-up", 10, 1, 3600);
    private static final ProgramOptions.Option<Integer> WARMUP =
            OPTIONS.integer("warmup", "seconds each rate runs before its window", 3, 0, 3600);
    private static final ProgramOptions.Option<Long> CONFIRM_P99 = OPTIONS.number(
            "confirm-p99-us", "bound on the confirm p99, µs from the intended send time", 50_000, 1, 3_600_000_000L);
    private static final ProgramOptions.Option<Long> E2E_P99 = OPTIONS.number(
            "e2e-p99-us", "bound on the end-to-end p99, µs from the intended send time", 50_000, 1, 3_600_000_000L);
    private static final ProgramOptions.Option<List<Integer>> SIZE = OPTIONS.integers(
            "size", "message sizes in bytes, at least 16, comma-separated: a search each", List.of(1024), 16, 16 << 20);
    private static final ProgramOptions.Option<List<String>> QUEUE_TYPE = OPTIONS.choices(
            "queue-type",
            "queue types, comma-separated: a search each",
            List.of("classic"),
            List.of("classic", "quorum"));
    private static final ProgramOptions.Option<Integer> PREFETCH =
            OPTIONS.integer("prefetch", "consumer prefetch", 100, 1, 65535);
    private static final ProgramOptions.Option<Integer> CONFIRM_WINDOW =
            OPTIONS.integer("confirm-window", "producer's window of outstanding confirms", 100, 1, 65535);
    private static final Endpoint.Options ENDPOINT = Endpoint.Options.declare(OPTIONS);
    private static final ProgramOptions.Option<Boolean> HELP = OPTIONS.flag("help", "show this help");

    private MaxRate() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return Programs.guard("max-rate", err, () -> {
            ProgramArgs a = OPTIONS.parse(args);
            if (a.get(HELP)) {
                out.print(OPTIONS.help());
                return Programs.OK;
            }
            if (a.get(MAX) < a.get(MIN)) {
                throw new UsageException(
                        "--max " + a.get(MAX) + " is below --min " + a.get(MIN) + "; allowed: max >= min");
            }
            List<String> types = a.get(QUEUE_TYPE); // read now: a bad value is refused before any broker
            List<Integer> sizes = a.get(SIZE);
            RateSearch search = new RateSearch(a.get(MIN), a.get(MAX), a.get(PRECISION) / 100.0);
            RateStep.Bounds bounds = new RateStep.Bounds(
                    a.get(CONFIRM_P99),
                    a.get(E2E_P99),
                    Duration.ofSeconds(a.get(WARMUP)),
                    Duration.ofSeconds(a.get(WINDOW)));
            try (Endpoint endpoint = Endpoint.from(a, ENDPOINT, err)) {
                Path dir = Files.createDirectories(RunFolder.current().resolve("max-rate"));
                err.println("max-rate: " + RateStep.CSV_HEADER);
                Map<String, List<RateStep>> searches = new LinkedHashMap<>();
                for (String type : types) {
                    for (int size : sizes) {
                        String setting = type + "-" + size + "B";
                        List<RateStep> steps = search.run(rate -> {
                            RateStep s = RateStep.run(endpoint.uri(), base(a, size, type), rate, bounds);
                            err.println("max-rate: " + setting + " " + s.csvLine());
                            return s;
                        });
                        write(dir.resolve(setting), steps);
                        searches.put(setting, steps);
                    }
                }
                String summary = summary(searches, a, bounds);
                Files.writeString(dir.resolve("summary.md"), summary);
                out.print(summary);
                err.println("max-rate: written to " + dir);
                return Programs.OK;
            }
        });
    }

    /** One setting's producer and consumer: the producer's rate is the search's to set. */
    private static PaceSettings base(ProgramArgs a, int size, String queueType) {
        return new PaceSettings(
                a.get(MIN),
                1_000_000,
                size,
                a.get(PREFETCH),
                a.get(CONFIRM_WINDOW),
                BackPressure.CONFIRMS,
                1,
                QueueType.parse(queueType));
    }

    /** A setting's steps, as RateTable reads them back. */
    private static void write(Path dir, List<RateStep> steps) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("steps.csv"),
                RateStep.CSV_HEADER + "\n"
                        + String.join(
                                "\n", steps.stream().map(RateStep::csvLine).toList()) + "\n");
    }

    static String summary(Map<String, List<RateStep>> searches, ProgramArgs a, RateStep.Bounds bounds) {
        StringBuilder b = new StringBuilder("# Highest sustainable rate\n\n");
        b.append(String.format(
                Locale.ROOT,
                "Prefetch %d, confirm window %d; bounds: confirm p99 %d µs, end-to-end p99 %d µs; each rate %d s "
                        + "warm-up, %d s window; search %d to %d msg/s to within %d%%.%n%n",
                a.get(PREFETCH),
                a.get(CONFIRM_WINDOW),
                a.get(CONFIRM_P99),
                a.get(E2E_P99),
                bounds.warmup().toSeconds(),
                bounds.window().toSeconds(),
                a.get(MIN),
                a.get(MAX),
                a.get(PRECISION)));
        b.append(RateTable.header("setting"));
        searches.forEach((setting, steps) -> b.append(RateTable.row(setting, steps)));
        searches.forEach((setting, steps) -> {
            b.append("\n## ").append(setting).append("\n\n");
            b.append("| rate msg/s | achieved | queue start | queue end | confirm p99 µs | e2e p99 µs | verdict |\n"
                    + "|---:|---:|---:|---:|---:|---:|---|\n");
            steps.forEach(s -> b.append(String.format(
                    Locale.ROOT,
                    "| %.0f | %.0f | %d | %d | %.0f | %.0f | %s |%n",
                    s.rate(),
                    s.achieved(),
                    s.depthStart(),
                    s.depthEnd(),
                    s.confirmP99Micros(),
                    s.e2eP99Micros(),
                    s.passed() ? "pass" : s.failure())));
        });
        return b.toString();
    }
}
