package org.rabbitmqjmh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.BrokerResolver;
import org.rabbitmqjmh.broker.BrokerSettings;
import org.rabbitmqjmh.broker.BrokerCpu;
import org.rabbitmqjmh.jmh.BrokerCrossCheck;
import org.rabbitmqjmh.jmh.CostProfiler;
import org.rabbitmqjmh.jmh.LatencyProfiler;
import org.rabbitmqjmh.run.CpuSplit;
import org.rabbitmqjmh.run.Interleaved;
import org.rabbitmqjmh.run.JmhArgs;
import org.rabbitmqjmh.run.LauncherArgs;
import org.rabbitmqjmh.run.PassRunner;
import org.rabbitmqjmh.run.Preflight;
import org.rabbitmqjmh.run.RunEnvironment;
import org.rabbitmqjmh.run.RunFolder;
import org.rabbitmqjmh.run.RunPlan;
import org.rabbitmqjmh.run.StopSignals;

/**
 * The main class of {@code benchmarks.jar}: JMH's command line, plus a broker that lives for the whole
 * run. JMH forks a JVM per trial; were each fork to provision its own broker, every trial would pay a
 * node start. So this process obtains the broker once, hands its URI to the forks through a file only
 * the user can read (a {@code -D} with the password would show in JMH's "VM options" line and in ps),
 * and stops it when JMH is done.
 *
 * <p>Own flags, taken out before JMH sees the rest: {@code --profile quick|full}. Every JMH flag works
 * as usual and wins over the profile's.
 */
public final class BenchmarkMain {

  /** System properties with these prefixes are passed on to the forks. */
  private static final List<String> FORWARDED = List.of("rabbitmqjmh.", "rabbitmq.");

  /** Read before the launcher pins itself, after which the JVM counts only the benchmark's CPUs. */
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private BenchmarkMain() {
  }

  public static void main(String[] args) {
    StopSignals.install(System.err);
    System.exit(run(args, System.err));
  }

  static int run(String[] args, PrintStream err) {
    LauncherArgs launcher;
    List<JmhArgs> passes;
    try {
      launcher = LauncherArgs.parse(args);
      passes = launcher.passes();
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    if (listsOnly(passes)) {
      try {
        org.openjdk.jmh.Main.main(passes.get(0).withPatternsOf(passes).toList().toArray(String[]::new));
        return 0;
      } catch (Exception e) {
        err.println("error: " + e.getMessage());
        return 1;
      }
    }

    // Before a broker is started for nothing: options, benchmarks, every parameter of every trial.
    RunPlan plan;
    CpuSplit split;
    Interleaved.Side baseSide = null;
    Interleaved.Side headSide = null;
    try {
      plan = Preflight.check(passes);
      split = CpuSplit.fromSettings();
      if (launcher.against() != null) {
        if (passes.get(0).value("-rf") != null || passes.get(0).value("-rff") != null) {
          throw new IllegalArgumentException("--against writes RUN/base and RUN/head itself; drop -rf and -rff");
        }
        passes.forEach(Interleaved::rounds);
        baseSide = Interleaved.Side.of("base", launcher.against(), List.of());
        headSide = Interleaved.Side.of("head", ownCode(), launcher.headProperties());
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }

    Path runDir;
    try {
      runDir = RunFolder.create();
    } catch (IOException e) {
      err.println("error: cannot create the run folder under "
          + Path.of(System.getProperty(RunFolder.RESULTS_ROOT, "results")).toAbsolutePath() + ": "
          + org.rabbitmqjmh.broker.FileProblems.reason(e));
      return 1;
    }
    // The result file: the user's -rf/-rff if given, else JSON in the run folder. With several passes
    // JMH runs once per pass and the results are written together at the end, by JMH's own formatter.
    JmhArgs first = passes.get(0);
    ResultFormatType format = first.value("-rf") == null ? ResultFormatType.JSON
        : ResultFormatType.valueOf(first.value("-rf").toUpperCase(java.util.Locale.ROOT));
    Path resultFile = first.value("-rff") != null ? Path.of(first.value("-rff"))
        : runDir.resolve("jmh-result." + format.name().toLowerCase(java.util.Locale.ROOT));

    Path uriFile = null;
    try (Broker broker = BrokerResolver.provision(split.broker())) {
      err.println(broker.describe());
      // The forks inherit this JVM's CPUs. A broker at a URI runs elsewhere or is not ours: no split.
      CpuSplit cpus = split.forBroker(broker.source());
      cpus.pinThisProcess();
      err.println(cpus.describe());
      uriFile = BrokerSettings.writeUriFile(broker.uri());
      String metrics = crossCheck(broker, err);
      String brokerCpu = costs(broker, err);
      // Before the long part; an error before it stays the only line.
      err.println(baseSide == null ? plan.describe()
          : plan.describe().replaceFirst("^plan: ", "plan, each side (base and head, fork by fork, twice the time): "));
      if (baseSide != null) {
        return interleave(baseSide, headSide, passes, runDir, uriFile, List.of(
            "-D" + BrokerSettings.METRICS_URI + "=" + metrics, "-D" + BrokerCpu.PROPERTY + "=" + brokerCpu),
            broker, cpus, launcher.profile(), err);
      }
      List<String> forkProps = new ArrayList<>();
      forkProps.add("-D" + BrokerSettings.URI_FILE + "=" + uriFile);
      forkProps.add("-D" + RunFolder.PROPERTY + "=" + runDir.toAbsolutePath());
      forkProps.add("-D" + BrokerSettings.METRICS_URI + "=" + metrics);
      forkProps.add("-D" + BrokerCpu.PROPERTY + "=" + brokerCpu);
      // Not the broker choice either: a fork told -Drabbitmq.broker=local would start a node of its own
      // instead of using the launcher's (the URI file).
      forkProps.addAll(forwarded(java.util.Set.of(BrokerSettings.URI, RunFolder.PROPERTY, BrokerSettings.METRICS_URI,
          BrokerSettings.BROKER, BrokerCpu.PROPERTY)));
      PassRunner.Outcome outcome = new PassRunner(List.of(LatencyProfiler.class.getName(),
          BrokerCrossCheck.class.getName(), CostProfiler.class.getName()), forkProps, jmhOutput(first)).run(passes, err);
      RunEnvironment.write(runDir, CORES, broker, cpus, launcher.profile(), outcome.passArgs(), java.util.Map.of());
      if (!outcome.scored().isEmpty()) {
        ResultFormatFactory.getInstance(format, resultFile.toString()).writeOut(outcome.scored());
        err.println("results: " + resultFile);
      }
      return verdict(outcome, plan, runDir, err);
    } catch (BrokerException e) {
      err.println("error: " + e.getMessage());
      return StopSignals.stopping() ? StopSignals.exitStatus() : 1;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (org.openjdk.jmh.runner.NoBenchmarksException e) {
      err.println("error: no benchmark matches " + passes.get(0).toList().stream().filter(a -> !a.startsWith("-"))
          .findFirst().map(p -> "'" + p + "'").orElse("the arguments") + "; java -jar benchmarks.jar -l lists them");
      return 2;
    } catch (RunnerException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      err.println("error: " + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName()));
      return 1;
    } catch (IOException | IllegalStateException e) {
      err.println("error: " + (e instanceof IOException io ? org.rabbitmqjmh.broker.FileProblems.reason(io)
          : e.getMessage()));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("error: interrupted");
      return 1;
    } finally {
      RunFolder.removeIfEmpty(runDir);
      if (uriFile != null) {
        try {
          Files.deleteIfExists(uriFile);
        } catch (IOException ignored) {
          // a temp file the OS cleans up anyway
        }
      }
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

  /** This JVM's {@link #FORWARDED} system properties as -D arguments, but for {@code except}. */
  private static List<String> forwarded(java.util.Set<String> except) {
    return System.getProperties().stringPropertyNames().stream()
        .filter(k -> FORWARDED.stream().anyMatch(k::startsWith))
        .filter(k -> !except.contains(k))
        .map(k -> "-D" + k + "=" + System.getProperty(k))
        .toList();
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
   * {@code --against}: base and head fork by fork on this run's broker ({@link Interleaved}), then the
   * paired comparison, printed and written to compare.md; the exit status is compare's.
   */
  private static int interleave(Interleaved.Side base, Interleaved.Side head, List<JmhArgs> passes, Path runDir,
      Path uriFile, List<String> witnesses, Broker broker, CpuSplit cpus, String profile, PrintStream err)
      throws IOException, InterruptedException {
    // Each side's launcher names its own run folder (under RUN/<side>/runs) and, given a URI, splits no CPUs.
    List<String> props = new ArrayList<>();
    props.add("-D" + BrokerSettings.URI_FILE + "=" + uriFile);
    props.addAll(witnesses);
    props.addAll(forwarded(java.util.Set.of(BrokerSettings.URI, RunFolder.PROPERTY, RunFolder.RESULTS_ROOT,
        CpuSplit.PROPERTY, BrokerSettings.METRICS_URI, BrokerSettings.BROKER, BrokerCpu.PROPERTY)));
    boolean done = new Interleaved(base, head, runDir, props, err).run(passes);
    List<String> passArgs = passes.stream().map(p -> String.join(" ", p.toList())).toList();
    RunEnvironment.write(runDir, CORES, broker, cpus, profile, passArgs, java.util.Map.of(
        "interleaved.base", String.join(" ", base.launch()),
        "interleaved.head", String.join(" ", head.launch()),
        "interleaved.head.properties", String.join(" ", head.properties())));
    if (!done) {
      if (StopSignals.stopping()) {
        err.println("stopped by " + StopSignals.received().orElseThrow() + ": the rounds that finished are under "
            + runDir + "; no comparison");
        return StopSignals.exitStatus();
      }
      return 1;
    }
    err.println("run folder: " + runDir);
    return org.rabbitmqjmh.results.Compare.run(new String[] {"--paired", "--markdown",
        runDir.resolve("compare.md").toString(), runDir.resolve("base").toString(), runDir.resolve("head").toString()},
        System.out, err);
  }

  /**
   * Says once what each message's cost is measured from ({@link CostProfiler}), and returns the value of
   * {@link BrokerCpu#PROPERTY} that tells the forks where the broker's CPU time is.
   */
  private static String costs(Broker broker, PrintStream err) {
    // A broker at a URI that runs on this machine can be named (an interleaved run's sides are told so).
    java.util.Optional<String> source = broker.cpuSource().or(() -> java.util.Optional.ofNullable(
        System.getProperty(BrokerCpu.PROPERTY)).filter(v -> BrokerCpu.parse(v).isPresent()));
    err.println("cost per message: client CPU and allocation, broker CPU " + source.map(s -> "from " + s)
        .orElse("unavailable (a broker at a URI: give -D" + BrokerCpu.PROPERTY + "=pid:PID if it runs here)"));
    return source.orElse("off");
  }

  /**
   * Says once whether the broker's own counters will witness every measurement iteration, and returns
   * the value of {@link BrokerSettings#METRICS_URI} that tells the forks where to read them.
   */
  private static String crossCheck(Broker broker, PrintStream err) {
    if (broker.prometheusEndpoint().isPresent()) {
      err.println("cross-check: the broker's counters at " + broker.prometheusEndpoint().get()
          + " witness every measurement iteration");
      return broker.prometheusEndpoint().get().toString();
    }
    err.println("cross-check: off, the broker serves no rabbitmq_prometheus counters (tried port 15692 of its "
        + "host); enable the plugin or give -D" + BrokerSettings.METRICS_URI + "=URL");
    return BrokerSettings.METRICS_OFF;
  }

}
