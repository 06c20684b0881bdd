package org.rabbitmqjmh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.host.RunFolder;
import org.rabbitmqjmh.jmh.BrokerCrossCheck;
import org.rabbitmqjmh.jmh.CostProfiler;
import org.rabbitmqjmh.jmh.LatencyProfiler;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.RunSummary;
import org.rabbitmqjmh.run.CpuSplit;
import org.rabbitmqjmh.run.DefaultCombinations;
import org.rabbitmqjmh.run.ForkProperties;
import org.rabbitmqjmh.run.HeadChanges;
import org.rabbitmqjmh.run.Interleaved;
import org.rabbitmqjmh.run.JmhArgs;
import org.rabbitmqjmh.run.LauncherArgs;
import org.rabbitmqjmh.run.MachineLock;
import org.rabbitmqjmh.run.PassRunner;
import org.rabbitmqjmh.run.Preflight;
import org.rabbitmqjmh.run.RunEnvironment;
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
 * <p>Own flags, taken out before JMH sees the rest ({@code LauncherArgs}): {@code --profile
 * quick|full|protocols|replication}, and {@code --against BASE.jar} with the head's changes
 * ({@code --head-property}, {@code --head-cluster}, ...). Every JMH flag works as usual and wins over the
 * profile's. What each fork is told is decided by {@code ForkProperties}.
 */
public final class BenchmarkMain {

  /** Read before the launcher pins itself, after which the JVM counts only the benchmark's CPUs. */
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private BenchmarkMain() {
  }

  public static void main(String[] args) {
    StopSignals.install(System.err);
    System.exit(run(args, System.err));
  }

  /**
   * The run, step by step: the arguments, what can be checked before a broker starts, the run folder,
   * the broker, the passes (or base and head interleaved), the results and the closing lines. Every
   * failure ends in one line and an exit status ({@link #failure}); the run folder (when empty) and the
   * URI file ({@link SharedBroker}) never outlive it.
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
      Sides sides = launcher.against() == null ? null : Sides.of(launcher, passes);
      WorkerBarrier workers = WorkerBarrier.fromEnvironment();
      if (workers.enabled() && sides != null) {
        throw new IllegalArgumentException("--against runs both sides here; " + workers.count()
            + " workers (" + WorkerBarrier.WORKERS_ENV + ") each run one side on their own host");
      }
      runDir = runFolder();
      try (MachineLock lock = MachineLock.take(err); SharedBroker shared = SharedBroker.start(split, err)) {
        Broker broker = shared.broker();
        List<String> witnesses = ForkProperties.witnesses(broker, plan, workers, err);
        // Before the long part; an error before it stays the only line.
        err.println(sides == null ? plan.describe()
            : plan.describe().replaceFirst("^plan: ", "plan, each side (base and head, fork by fork, twice the time): "));
        Launch launch = new Launch(launcher, passes, plan, runDir, shared.uriFile(), witnesses, broker, shared.cpus(),
            workers.describeIfEnabled());
        meetWorkers(workers, broker, err);
        return sides == null ? runPasses(launch, err) : interleave(launch, sides, err);
      }
    } catch (Exception e) {
      return failure(e, passes(args), err);
    } finally {
      if (runDir != null) {
        RunFolder.removeIfEmpty(runDir);
      }
    }
  }

  /**
   * One worker of several hosts' run (deploy/k8s): all load one broker they reach by its URI, and meet
   * at it ({@link WorkerBarrier}) before the first fork, so that their measurements overlap.
   */
  private static void meetWorkers(WorkerBarrier workers, Broker broker, PrintStream err) {
    if (!workers.enabled()) {
      return;
    }
    if (broker.source() != org.rabbitmqjmh.broker.BrokerSource.URI) {
      throw new IllegalArgumentException(workers.count() + " workers (" + WorkerBarrier.WORKERS_ENV + ") must "
          + "load one broker they all reach: give its URI (RABBITMQ_URI), not a " + broker.source().label());
    }
    err.printf("workers: %d of run %s, this one %d; waiting for the others at the broker%n", workers.count(),
        workers.runId(), workers.index());
    long t0 = System.nanoTime();
    workers.await(broker.uri(), WorkerBarrier.DEFAULT_TIMEOUT);
    err.printf("workers: all %d arrived after %.1f s%n", workers.count(), (System.nanoTime() - t0) / 1e9);
  }

  /** What a run has once its broker is up: every step after that reads from here. */
  private record Launch(LauncherArgs launcher, List<JmhArgs> passes, RunPlan plan, Path runDir, Path uriFile,
      List<String> witnesses, Broker broker, CpuSplit cpus, java.util.Map<String, String> environment) {
  }

  /** Base and head of {@code --against}: the base jar as given, the head this launcher's code and changes. */
  private record Sides(Interleaved.Side base, Interleaved.Side head) {

    static Sides of(LauncherArgs launcher, List<JmhArgs> passes) {
      if (passes.get(0).value("-rf") != null || passes.get(0).value("-rff") != null) {
        throw new IllegalArgumentException("--against writes RUN/base and RUN/head itself; drop -rf and -rff");
      }
      passes.forEach(Interleaved::rounds);
      return new Sides(Interleaved.Side.of("base", launcher.against(), org.rabbitmqjmh.run.HeadChanges.NONE),
          Interleaved.Side.of("head", ownCode(), launcher.head()));
    }
  }

  /** The exit status and the one line for what ended a run early: 2 for bad input, 1 for the rest. */
  private static int failure(Exception e, List<String> args, PrintStream err) {
    if (e instanceof BrokerException) {
      err.println("error: " + e.getMessage());
      return StopSignals.stopping() ? StopSignals.exitStatus() : 1;
    }
    if (e instanceof IllegalArgumentException) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    if (e instanceof org.openjdk.jmh.runner.NoBenchmarksException) {
      err.println("error: no benchmark matches " + args.stream().filter(a -> !a.startsWith("-")).findFirst()
          .map(p -> "'" + p + "'").orElse("the arguments") + "; java -jar benchmarks.jar -l lists them");
      return 2;
    }
    if (e instanceof RunnerException) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      err.println("error: " + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName()));
      return 1;
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      err.println("error: interrupted");
      return 1;
    }
    if (e instanceof IOException io) {
      err.println("error: " + org.rabbitmqjmh.broker.FileProblems.reason(io));
      return 1;
    }
    if (e instanceof IllegalStateException) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  /** The first pass's arguments, for naming a pattern nothing matched; empty when they do not parse. */
  private static List<String> passes(String[] args) {
    try {
      return LauncherArgs.parse(args).passes().get(0).toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** -h, -l and the like: JMH's own answer. */
  private static int listOnly(List<JmhArgs> passes, PrintStream err) {
    try {
      org.openjdk.jmh.Main.main(passes.get(0).withPatternsOf(passes).toList().toArray(String[]::new));
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
          + Path.of(System.getProperty(RunFolder.RESULTS_ROOT, "results")).toAbsolutePath() + ": "
          + org.rabbitmqjmh.broker.FileProblems.reason(e));
    }
  }

  /**
   * The passes, one after the other, in this JVM's JMH runner; the result file (the user's -rf/-rff if
   * given, else JSON in the run folder) written once at the end by JMH's own formatter.
   */
  private static int runPasses(Launch launch, PrintStream err) throws IOException, RunnerException {
    JmhArgs first = launch.passes().get(0);
    ResultFormatType format = first.value("-rf") == null ? ResultFormatType.JSON
        : ResultFormatType.valueOf(first.value("-rf").toUpperCase(java.util.Locale.ROOT));
    Path resultFile = first.value("-rff") != null ? Path.of(first.value("-rff"))
        : launch.runDir().resolve("jmh-result." + format.name().toLowerCase(java.util.Locale.ROOT));
    List<String> forkProps = ForkProperties.forPasses(launch.uriFile(), launch.runDir(), launch.witnesses());
    PassRunner.Outcome outcome = new PassRunner(List.of(LatencyProfiler.class.getName(),
        BrokerCrossCheck.class.getName(), CostProfiler.class.getName()), forkProps, jmhOutput(first))
        .run(launch.passes(), err);
    RunEnvironment.write(launch.runDir(), CORES, launch.broker(), launch.cpus(), launch.launcher().profile(),
        outcome.passArgs(), launch.environment());
    if (!outcome.scored().isEmpty()) {
      ResultFormatFactory.getInstance(format, resultFile.toString()).writeOut(outcome.scored());
      err.println("results: " + resultFile);
      summarize(launch.runDir(), format == ResultFormatType.JSON ? resultFile : null, err);
    }
    return verdict(outcome, launch.plan(), launch.runDir(), err);
  }

  /** The run's last screen: one row per trial, also written as summary.md (JMH's tables stay above it). */
  private static void summarize(Path runDir, Path jmhJson, PrintStream err) {
    if (jmhJson == null) {
      err.println("summary: none (it is read from JMH's JSON, and -rf chose another format)");
      return;
    }
    try {
      System.out.print("\n" + RunSummary.write(runDir, jmhJson));
      System.out.flush();
    } catch (IOException | BadInputException e) {
      err.println("summary: not written: " + e.getMessage());
    }
  }

  /** -h, -l, -lp, -lprof, -lrf: JMH answers them itself, with no broker. */
  private static boolean listsOnly(List<JmhArgs> passes) {
    try {
      CommandLineOptions o = Preflight.options(passes.get(0));
      return o.shouldHelp() || o.shouldList() || o.shouldListWithParams() || o.shouldListProfilers()
          || o.shouldListResultFormats();
    } catch (IllegalArgumentException e) {
      return false; // Preflight says what is wrong
    }
  }

  /** The closing lines and the exit status: 0 all scored, 1 a trial failed or none scored, 128+n stopped. */
  private static int verdict(PassRunner.Outcome outcome, RunPlan plan, Path runDir, PrintStream err) {
    outcome.failed().forEach((trial, cause) -> err.println("failed: " + trial + ": " + cause));
    int failed = outcome.failed().size();
    if (StopSignals.stopping()) {
      int done = outcome.scored().size();
      int notRun = Math.max(0, plan.trials() - done - failed - outcome.stopped().size());
      err.println("stopped by " + StopSignals.received().orElseThrow() + ": " + done + " of " + plan.trials()
          + " trials finished" + (done > 0 ? " (in the results)" : "") + ", " + outcome.stopped().size()
          + " cut short" + (failed > 0 ? ", " + failed + " failed" : "") + ", " + notRun + " not started");
      err.println("run folder: " + runDir);
      return StopSignals.exitStatus();
    }
    if (failed > 0) {
      err.println("error: " + failed + (failed == 1 ? " trial" : " trials") + " failed and "
          + (failed == 1 ? "has" : "have") + " no score"
          + (outcome.scored().isEmpty() ? "" : "; the results hold the trials that completed"));
      err.println("run folder: " + runDir);
      return 1;
    }
    if (outcome.scored().isEmpty()) {
      err.println("error: no benchmark produced a result");
      return 1;
    }
    err.println("run folder: " + runDir);
    return 0;
  }

  /** JMH's own human-readable output, to the file of {@code -o} if given, as JMH's Runner would make it. */
  private static OutputFormat jmhOutput(JmhArgs pass) throws IOException {
    PrintStream out = System.out;
    if (pass.value("-o") != null) {
      out = new PrintStream(Files.newOutputStream(Path.of(pass.value("-o"))), true, java.nio.charset.StandardCharsets.UTF_8);
    }
    String v = pass.value("-v");
    return OutputFormatFactory.createFormatInstance(out,
        v == null ? VerboseMode.NORMAL : VerboseMode.valueOf(v.toUpperCase(java.util.Locale.ROOT)));
  }

  /** This launcher's own code, to run the head side with: the jar, or the classpath outside one. */
  private static String ownCode() {
    try {
      Path self = Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(self) ? self.toString() : System.getProperty("java.class.path");
    } catch (java.net.URISyntaxException | SecurityException e) {
      return System.getProperty("java.class.path");
    }
  }

  /**
   * {@code --against}: base and head fork by fork on this run's broker ({@link Interleaved}), or the head
   * on a cluster of its own ({@code --head-cluster N}), then the paired comparison, printed and written
   * to compare.md; the exit status is compare's.
   */
  private static int interleave(Launch launch, Sides sides, PrintStream err) throws IOException, InterruptedException {
    Interleaved.Side base = sides.base();
    Interleaved.Side head = sides.head();
    Path runDir = launch.runDir();
    List<String> forwarded = ForkProperties.forwardedToSides();
    List<String> baseProps = ForkProperties.forSide(launch.uriFile(), launch.witnesses(), forwarded);
    if (head.changes().ownBroker()) {
      // Both brokers run for the whole run, the base's idle while the head's forks run and the other way
      // round: a cluster start per round would cost 20 s each.
      HeadChanges changes = head.changes();
      err.println("head's broker: " + (changes.image().isEmpty() ? "" : "a container of " + changes.image() + ", ")
          + (changes.ownNodes() > 1 ? "a cluster of " + changes.ownNodes() + " nodes" : "one node") + " of its own");
      try (SharedBroker own = SharedBroker.startOwn(launch.cpus(), changes.ownNodes(), changes.image(), err)) {
        List<String> headProps = ForkProperties.forSide(own.uriFile(),
            ForkProperties.witnesses(own.broker(), launch.plan(), WorkerBarrier.fromEnvironment(), err), forwarded);
        return interleaveRounds(launch, sides, side -> side == head ? headProps : baseProps,
            java.util.Map.of("interleaved.head.broker", own.broker().describe()), err);
      }
    }
    return interleaveRounds(launch, sides, side -> baseProps, java.util.Map.of(), err);
  }

  /** The rounds, each side's launcher given its broker's properties, then the comparison. */
  private static int interleaveRounds(Launch launch, Sides sides, java.util.function.Function<Interleaved.Side, List<String>> props,
      java.util.Map<String, String> environment, PrintStream err) throws IOException, InterruptedException {
    Interleaved.Side base = sides.base();
    Interleaved.Side head = sides.head();
    Path runDir = launch.runDir();
    boolean firehose = head.changes().firehose();
    if (firehose) {
      launch.broker().setFirehose(false); // refused here, before any round, by a broker that is not ours
      err.println("firehose: on for the head's forks, off for the base's (rabbitmqctl trace_on / trace_off)");
    }
    boolean done;
    try {
      done = new Interleaved(base, head, runDir, props,
          (pass, side) -> {
            if (firehose) {
              launch.broker().setFirehose(side == head);
            }
            // A quorum queue's log rolls over every 512 MiB, about once a minute and a half on the
            // quorum row: a roll-over that lands in a measured iteration cut it to a fifth of its rate
            // and multiplied the broker's CPU per message by 2.5 to 25 (results/noise/README.md), on
            // whichever side it happened to fall. Both sides start with an empty log instead.
            if (pass.toList().stream().anyMatch(a -> a.contains("quorum"))) {
              launch.broker().startQuorumLogAfresh();
            }
          }, err).run(launch.passes());
    } finally {
      if (firehose) {
        launch.broker().setFirehose(false);
      }
    }
    List<String> passArgs = launch.passes().stream().map(p -> String.join(" ", p.toList())).toList();
    RunEnvironment.write(runDir, CORES, launch.broker(), launch.cpus(), launch.launcher().profile(), passArgs,
        withAll(environment, java.util.Map.of(
            "interleaved.base", String.join(" ", base.launch()),
            "interleaved.head", String.join(" ", head.launch()),
            "interleaved.head.changes", head.changes().describe())));
    if (!done) {
      if (StopSignals.stopping()) {
        err.println("stopped by " + StopSignals.received().orElseThrow() + ": the rounds that finished are under "
            + runDir + "; no comparison");
        return StopSignals.exitStatus();
      }
      return 1;
    }
    err.println("run folder: " + runDir);
    return org.rabbitmqjmh.results.compare.Compare.run(new String[] {"--paired", "--markdown",
        runDir.resolve("compare.md").toString(), runDir.resolve("base").toString(), runDir.resolve("head").toString()},
        System.out, err);
  }

  private static java.util.Map<String, String> withAll(java.util.Map<String, String> a, java.util.Map<String, String> b) {
    java.util.Map<String, String> all = new java.util.TreeMap<>(a);
    all.putAll(b);
    return all;
  }


}
