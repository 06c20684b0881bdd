package org.rabbitmqjmh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.FileProblems;
import org.rabbitmqjmh.host.RunFolder;
import org.rabbitmqjmh.run.AgainstRun;
import org.rabbitmqjmh.run.CpuSplit;
import org.rabbitmqjmh.run.DefaultCombinations;
import org.rabbitmqjmh.run.ExitStatus;
import org.rabbitmqjmh.run.ForkProperties;
import org.rabbitmqjmh.run.JmhArgs;
import org.rabbitmqjmh.run.Launch;
import org.rabbitmqjmh.run.LauncherArgs;
import org.rabbitmqjmh.run.MachineLock;
import org.rabbitmqjmh.run.PassesRun;
import org.rabbitmqjmh.run.Preflight;
import org.rabbitmqjmh.run.RunPlan;
import org.rabbitmqjmh.run.SharedBroker;
import org.rabbitmqjmh.run.StopSignals;
import org.rabbitmqjmh.run.WorkerBarrier;

/**
 * The main class of {@code benchmarks.jar}: JMH's command line, plus a broker that lives for the whole
 * run. JMH forks a JVM per trial; were each fork to provision its own broker, every trial would pay a
 * node start. So this process obtains the broker once, hands its URI to the forks through a file only
 * the user can read (a {@code -D} with the password would show in JMH's "VM options" line and in ps),
 * and stops it when JMH is done.
 *
 * <p>Own flags, taken out before JMH sees the rest ({@code LauncherArgs}): {@code --profile NAME} (the
 * profiles of {@code run.Profile}), and {@code --against BASE.jar} with the head's changes
 * ({@code --head-property}, {@code --head-cluster}, ...; {@code AgainstRun}), or both at once with {@code --duet}. Every JMH flag works as
 * usual and wins over the profile's. What each fork is told is decided by {@code ForkProperties}; a
 * plain run is {@code PassesRun}'s; what ends a run early, {@code ExitStatus}'s.
 */
public final class BenchmarkMain {

    /** Read before the launcher pins itself, after which the JVM counts only the benchmark's CPUs. */
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private BenchmarkMain() {}

    public static void main(String[] args) {
        StopSignals.install(System.err);
        System.exit(run(args, System.err));
    }

    /**
     * The run, step by step: the arguments, what can be checked before a broker starts, the run folder,
     * the broker, the passes (or base and head interleaved), the results and the closing lines. Every
     * failure ends in one line and an exit status; the run folder (when empty) and the URI file
     * ({@link SharedBroker}) never outlive it.
     */
    static int run(String[] args, PrintStream err) {
        Path runDir = null;
        try {
            LauncherArgs launcher = LauncherArgs.parse(args);
            List<JmhArgs> passes = launcher.passes();
            if (listsOnly(passes)) {
                return listOnly(passes, err);
            }
            passes = DefaultCombinations.expand(passes, err);
            // Before a broker is started for nothing: options, benchmarks, every parameter of every trial.
            RunPlan plan = Preflight.check(passes);
            CpuSplit split = CpuSplit.fromSettings();
            AgainstRun.Sides sides = AgainstRun.sides(launcher, passes, split);
            WorkerBarrier workers = WorkerBarrier.fromEnvironment();
            if (workers.enabled() && sides != null) {
                throw new IllegalArgumentException("--against runs both sides here; " + workers.count() + " workers ("
                        + WorkerBarrier.WORKERS_ENV + ") each run one side on their own host");
            }
            runDir = runFolder();
            try (MachineLock lock = MachineLock.take(err);
                    SharedBroker shared = SharedBroker.start(split, err)) {
                Broker broker = shared.broker();
                List<String> witnesses = ForkProperties.witnesses(broker, plan, workers, err);
                // Before the long part; an error before it stays the only line.
                err.println(
                        sides == null
                                ? plan.describe()
                                : plan.describe()
                                        .replaceFirst(
                                                "^plan: ",
                                                sides.duet()
                                                        ? "plan, each side (base and head at the same time, --duet): "
                                                        : "plan, each side (base and head, fork by fork, twice the time): "));
                Launch launch = new Launch(
                        launcher,
                        passes,
                        plan,
                        runDir,
                        shared.uriFile(),
                        witnesses,
                        broker,
                        shared.cpus(),
                        workers.describeIfEnabled(),
                        CORES);
                workers.meetAt(broker, err);
                return sides == null ? PassesRun.run(launch, err) : AgainstRun.run(launch, sides, err);
            }
        } catch (Exception e) {
            return ExitStatus.ofFailure(e, args, err);
        } finally {
            if (runDir != null) {
                RunFolder.removeIfEmpty(runDir);
            }
        }
    }

    /** -h, -l, -lp, -lprof, -lrf: JMH answers them itself, with no broker. */
    private static boolean listsOnly(List<JmhArgs> passes) {
        try {
            CommandLineOptions o = Preflight.options(passes.get(0));
            return o.shouldHelp()
                    || o.shouldList()
                    || o.shouldListWithParams()
                    || o.shouldListProfilers()
                    || o.shouldListResultFormats();
        } catch (IllegalArgumentException e) {
            return false; // Preflight says what is wrong
        }
    }

    /** JMH's own answer to -h, -l and the like. */
    private static int listOnly(List<JmhArgs> passes, PrintStream err) {
        try {
            Main.main(passes.get(0).withPatternsOf(passes).toList().toArray(String[]::new));
            return 0;
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static Path runFolder() {
        try {
            return RunFolder.create();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the run folder under "
                    + Path.of(System.getProperty(RunFolder.RESULTS_ROOT, "results"))
                            .toAbsolutePath() + ": "
                    + FileProblems.reason(e));
        }
    }
}
