package org.rabbitmqjmh.perftest;

import com.rabbitmq.client.impl.ClientVersion;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.BrokerSettings;
import org.rabbitmqjmh.broker.Uris;
import org.rabbitmqjmh.host.RunFolder;
import org.rabbitmqjmh.perftest.Measurement.Side;
import org.rabbitmqjmh.profilers.BrokerCrossCheck;
import org.rabbitmqjmh.profilers.LatencyProfiler;
import org.rabbitmqjmh.programs.UsageException;
import org.rabbitmqjmh.run.CpuSplit;
import org.rabbitmqjmh.run.SharedBroker;

/**
 * Our benchmarks beside RabbitMQ PerfTest, like for like: one broker, placed on its CPUs as the launcher
 * places it, both sides' JVMs on the benchmark CPUs, the same queue arguments, and on both sides the first
 * {@code --warmup} seconds dropped and the next {@code --seconds} measured. Per round and scenario each side
 * runs once, back to back, the first alternating with round and scenario so a drifting machine favours
 * neither; the report gives each side's median, the per-round ratio with a bootstrap interval, and keeps
 * every output it was computed from (see {@link SideBySideReport}). PerfTest's classpath is given, not
 * bundled: the published artifact, run as its users run it.
 *
 * <p>{@code java -cp target/benchmarks.jar org.rabbitmqjmh.perftest.SideBySide --perftest-classpath
 * "$(cat target/perftest-classpath.txt)" --rounds 6 --seconds 15 --warmup 10 --out results/perftest}
 * (the classpath from {@code mvn -q -f src/perftest/pom.xml dependency:build-classpath
 * -Dmdep.outputFile=../../target/perftest-classpath.txt}). Exit 0, 1 when a run fails, 2 on bad input.
 */
public final class SideBySide {

    private SideBySide() {}

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    static int run(String[] args, PrintStream err) {
        SideBySideSettings settings;
        PerfTestRun perfTest;
        String version;
        Path out;
        CpuSplit split;
        try {
            settings = SideBySideSettings.parse(args);
            if (settings.help()) {
                err.println(SideBySideSettings.USAGE);
                return 0;
            }
            requireNoEarlierRun(settings);
            perfTest = new PerfTestRun(settings.perfTestClasspath());
            version = perfTest.version();
            split = CpuSplit.fromSettings();
            out = settings.out() != null ? settings.out() : RunFolder.create();
        } catch (UsageException | IllegalArgumentException e) {
            err.println("side-by-side: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("side-by-side: cannot create the run folder under results/: " + e.getMessage());
            return 1;
        }
        return compare(args, settings, perfTest, version, split, out, err);
    }

    /** --out must not hold an earlier side-by-side: its rows would be overwritten or mixed with these. */
    private static void requireNoEarlierRun(SideBySideSettings settings) {
        if (settings.out() != null
                && (Files.exists(settings.out().resolve("side-by-side.csv"))
                        || Files.exists(settings.out().resolve("perftest")))) {
            throw new UsageException("--out " + settings.out() + " holds an earlier side-by-side; allowed: a folder "
                    + "without side-by-side.csv and perftest/");
        }
    }

    /** Both sides, round after round, on one shared broker, then the report: the exit code. */
    private static int compare(
            String[] args,
            SideBySideSettings settings,
            PerfTestRun perfTest,
            String version,
            CpuSplit split,
            Path out,
            PrintStream err) {
        try (SharedBroker shared = SharedBroker.start(split, err)) {
            Broker broker = shared.broker();
            CpuSplit cpus = shared.cpus();
            Path uriFile = shared.uriFile();
            // Our side runs with the broker's counters witnessing every iteration, as under the launcher.
            String metrics = broker.prometheusEndpoint().map(URI::toString).orElse(BrokerSettings.METRICS_OFF);
            Files.createDirectories(out.resolve("perftest"));
            Files.createDirectories(out.resolve("rabbitmq-jmh"));
            List<Measurement> rows = new ArrayList<>();
            List<RunResult> ours = new ArrayList<>();
            List<String> remarks = new ArrayList<>();
            Sides sides = new Sides(perfTest, broker, cpus, settings, uriFile, metrics, out);
            for (int round = 1; round <= settings.rounds(); round++) {
                for (Scenario sc : settings.scenarios()) {
                    sides.runBoth(round, sc, rows, ours, remarks, err);
                }
            }
            ResultFormatFactory.getInstance(
                            ResultFormatType.JSON,
                            out.resolve("rabbitmq-jmh.json").toString())
                    .writeOut(ours);
            SideBySideReport.Run run = howItWasRun(args, settings, perfTest, version, broker, cpus, remarks);
            Files.writeString(out.resolve("side-by-side.md"), SideBySideReport.markdown(rows, run));
            err.println("written: " + out.resolve("side-by-side.md"));
            return 0;
        } catch (BrokerException | IOException | IllegalStateException | RunnerException e) {
            Throwable cause = e instanceof RunnerException && e.getCause() != null ? e.getCause() : e;
            err.println("side-by-side: " + Uris.mask(String.valueOf(cause.getMessage())));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("side-by-side: interrupted");
            return 1;
        }
    }

    /** What both sides of a round run with: the tools, the broker, the CPUs, where results go. */
    private record Sides(
            PerfTestRun perfTest,
            Broker broker,
            CpuSplit cpus,
            SideBySideSettings settings,
            Path uriFile,
            String metrics,
            Path out) {

        /** One scenario's round: both tools back to back, the first alternating with round and scenario. */
        void runBoth(
                int round,
                Scenario sc,
                List<Measurement> rows,
                List<RunResult> ours,
                List<String> remarks,
                PrintStream err)
                throws IOException, RunnerException, InterruptedException {
            boolean perfTestFirst = (round - 1 + sc.ordinal()) % 2 == 0;
            for (int order = 1; order <= 2; order++) {
                String file = sc.key() + "-round-" + round;
                if ((order == 1) == perfTestFirst) {
                    PerfTestRun.Result r = perfTest.run(
                            broker,
                            cpus,
                            sc,
                            settings.warmup(),
                            settings.seconds(),
                            out.resolve("perftest").resolve(file + ".txt"));
                    rows.add(perfTestMeasurement(sc, round, order, r));
                    remarkMissingSeconds(sc, round, r, remarks, err);
                } else {
                    RunResult r = ours(sc, settings, uriFile, metrics, out, file);
                    ours.add(r);
                    rows.add(new Measurement(
                            sc,
                            round,
                            Side.RABBITMQ_JMH,
                            order,
                            r.getPrimaryResult().getScore(),
                            sc.confirms() ? secondary(r, "confirm.p50") : Double.NaN,
                            secondary(r, "queue.depth.max")));
                }
                printProgress(err, round, sc, rows.get(rows.size() - 1));
                SideBySideReport.writeCsv(out.resolve("side-by-side.csv"), rows);
            }
        }
    }

    private static Measurement perfTestMeasurement(Scenario sc, int round, int order, PerfTestRun.Result r) {
        // PerfTest's confirm latency in the consume scenario is its feeding producer's: not compared.
        return new Measurement(
                sc,
                round,
                Side.PERFTEST,
                order,
                r.measured().rate(),
                sc.confirms() ? r.measured().confirmP50() : Double.NaN,
                r.queueDepthMax());
    }

    /** Seconds PerfTest did not print (none without activity) count as 0 msg/s: said, and kept for the report. */
    private static void remarkMissingSeconds(
            Scenario sc, int round, PerfTestRun.Result r, List<String> remarks, PrintStream err) {
        if (r.measured().secondsPrinted() < r.measured().secondsMeasured()) {
            String remark = String.format(
                    Locale.ROOT,
                    "%s round %d: PerfTest printed %d of %d measured "
                            + "seconds; the missing ones (no activity) count as 0 msg/s",
                    sc.key(),
                    round,
                    r.measured().secondsPrinted(),
                    r.measured().secondsMeasured());
            remarks.add(remark);
            err.println("warning: " + remark);
        }
    }

    private static void printProgress(PrintStream err, int round, Scenario sc, Measurement m) {
        err.printf(
                Locale.ROOT,
                "round %d %s: %s %,.0f msg/s%s%n",
                round,
                sc.key(),
                m.side().key(),
                m.rate(),
                Double.isNaN(m.confirmP50())
                        ? ""
                        : String.format(Locale.ROOT, ", confirm p50 %.0f µs", m.confirmP50()));
    }

    /** What the report's last section says of the run. */
    private static SideBySideReport.Run howItWasRun(
            String[] args,
            SideBySideSettings settings,
            PerfTestRun perfTest,
            String version,
            Broker broker,
            CpuSplit cpus,
            List<String> remarks) {
        return new SideBySideReport.Run(
                settings,
                command(args),
                Arrays.asList(settings.perfTestClasspath().split(File.pathSeparator)),
                version,
                ClientVersion.VERSION,
                broker.describe(),
                cpus.describe(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                settings.scenarios().stream()
                        .map(sc -> String.join(
                                " ",
                                perfTest.command(
                                        cpus,
                                        sc,
                                        settings.warmup(),
                                        settings.seconds(),
                                        "QUEUE",
                                        PerfTestRun.CLASSPATH_SHOWN)))
                        .toList(),
                remarks);
    }

    /**
     * Our side of one round: one JMH fork of the scenario's benchmark, warmup and measurement in 1 s
     * iterations, its log and JSON kept beside PerfTest's output.
     */
    private static RunResult ours(
            Scenario sc, SideBySideSettings s, Path uriFile, String metrics, Path out, String file)
            throws RunnerException, IOException {
        Path dir = out.resolve("rabbitmq-jmh");
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("\\." + sc.benchmark() + "\\.")
                .forks(1)
                .warmupIterations(s.warmup())
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(s.seconds())
                .measurementTime(TimeValue.seconds(1))
                .addProfiler(LatencyProfiler.class)
                .addProfiler(BrokerCrossCheck.class)
                .shouldFailOnError(true)
                .output(dir.resolve(file + ".txt").toString())
                .jvmArgsAppend(
                        "-D" + BrokerSettings.URI_FILE + "=" + uriFile,
                        "-D" + BrokerSettings.METRICS_URI + "=" + metrics,
                        "-D" + RunFolder.PROPERTY + "=" + out.toAbsolutePath(),
                        "-Drabbitmqjmh.csv=false");
        sc.params().forEach(o::param);
        Collection<RunResult> results = new Runner(o.build()).run();
        if (results.size() != 1) {
            throw new IllegalStateException(sc.benchmark() + " with " + sc.jmhParams() + " gave " + results.size()
                    + " results, not 1; see " + dir.resolve(file + ".txt"));
        }
        ResultFormatFactory.getInstance(
                        ResultFormatType.JSON, dir.resolve(file + ".json").toString())
                .writeOut(results);
        return results.iterator().next();
    }

    private static double secondary(RunResult r, String name) {
        Result<?> m = r.getSecondaryResults().get(name);
        return m == null ? Double.NaN : m.getScore();
    }

    /** This program's command line, the PerfTest classpath shown as $PERFTEST_CP and any URI masked. */
    static String command(String[] args) {
        List<String> shown = new ArrayList<>(Arrays.asList(args));
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).equals("--perftest-classpath") && i + 1 < shown.size()) {
                shown.set(i + 1, "\"" + PerfTestRun.CLASSPATH_SHOWN + "\"");
            } else if (shown.get(i).startsWith("--perftest-classpath=")) {
                shown.set(i, "--perftest-classpath=\"" + PerfTestRun.CLASSPATH_SHOWN + "\"");
            }
        }
        List<String> cmd = new ArrayList<>(List.of("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SideBySide.class.getName()));
        cmd.addAll(shown);
        return Uris.mask(cmd.stream().collect(Collectors.joining(" ")));
    }
}
