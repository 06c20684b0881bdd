package org.rabbitmqjmh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.BrokerResolver;
import org.rabbitmqjmh.broker.BrokerSettings;
import org.rabbitmqjmh.jmh.BrokerCrossCheck;
import org.rabbitmqjmh.jmh.LatencyProfiler;
import org.rabbitmqjmh.run.CpuSplit;
import org.rabbitmqjmh.run.Interleaved;
import org.rabbitmqjmh.run.JmhArgs;
import org.rabbitmqjmh.run.ParamValidation;
import org.rabbitmqjmh.run.Profile;
import org.rabbitmqjmh.run.RunFolder;
import org.rabbitmqjmh.run.TrialFailures;

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
    System.exit(run(args, System.err));
  }

  static int run(String[] args, PrintStream err) {
    String profile = null;
    String against = null;
    List<String> headProperties = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--against") || args[i].equals("--head-property")) {
        if (i + 1 >= args.length) {
          err.println("error: " + args[i] + " needs a value: --against BASE_JAR, --head-property NAME=VALUE");
          return 2;
        }
        if (args[i].equals("--against")) {
          against = args[++i];
        } else if (!args[i + 1].matches("[\\w.-]+=.*")) {
          err.println("error: --head-property " + args[i + 1] + " is not NAME=VALUE (a system property of the head's forks)");
          return 2;
        } else {
          headProperties.add(args[++i]);
        }
      } else if (args[i].equals("--profile") && i + 1 < args.length) {
        profile = args[++i];
      } else if (args[i].startsWith("--profile=")) {
        profile = args[i].substring("--profile=".length());
      } else if (args[i].equals("--profile")) {
        err.println("error: --profile needs a name; allowed: " + String.join(", ", Profile.NAMES));
        return 2;
      } else {
        rest.add(args[i]);
      }
    }
    List<JmhArgs> passes = new ArrayList<>();
    try {
      JmhArgs user = JmhArgs.parse(rest);
      if (profile == null) {
        passes.add(user);
      } else {
        Profile.load(profile).forEach(p -> passes.add(p.overlay(user)));
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }

    String rf = passes.get(0).value("-rf");
    if (rf != null && java.util.Arrays.stream(ResultFormatType.values()).noneMatch(t -> t.name().equalsIgnoreCase(rf))) {
      err.println("error: unknown result format '" + rf + "' for -rf; allowed: "
          + java.util.Arrays.stream(ResultFormatType.values()).map(t -> t.name().toLowerCase(java.util.Locale.ROOT))
              .collect(java.util.stream.Collectors.joining(", ")));
      return 2;
    }
    CommandLineOptions check;
    try {
      check = new CommandLineOptions(passes.get(0).toList().toArray(String[]::new));
    } catch (CommandLineOptionException e) {
      err.println("error: " + e.getMessage() + " (java -jar benchmarks.jar -h lists JMH's options)");
      return 2;
    }
    if (check.shouldHelp() || check.shouldList() || check.shouldListWithParams()
        || check.shouldListProfilers() || check.shouldListResultFormats()) {
      try {
        org.openjdk.jmh.Main.main(passes.get(0).withPatternsOf(passes).toList().toArray(String[]::new));
        return 0;
      } catch (Exception e) {
        err.println("error: " + e.getMessage());
        return 1;
      }
    }

    // Before a broker is started for nothing: every pass must select at least one benchmark.
    for (JmhArgs pass : passes) {
      try {
        CommandLineOptions o = new CommandLineOptions(pass.toList().toArray(String[]::new));
        OutputFormat silent = OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT);
        if (BenchmarkList.defaultList().find(silent, o.getIncludes(), o.getExcludes()).isEmpty()) {
          err.println("error: no benchmark matches " + (o.getIncludes().isEmpty() ? "the arguments"
              : "'" + String.join(" ", o.getIncludes()) + "'") + "; java -jar benchmarks.jar -l lists them");
          return 2;
        }
        // Every value of every combination the pass would fork for, by the benchmarks' own rules.
        ParamValidation.check(o);
      } catch (CommandLineOptionException e) {
        err.println("error: " + e.getMessage() + " (java -jar benchmarks.jar -h lists JMH's options)");
        return 2;
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return 2;
      }
    }

    CpuSplit split;
    Interleaved.Side baseSide = null;
    Interleaved.Side headSide = null;
    try {
      split = CpuSplit.fromSettings();
      if (against != null) {
        if (passes.get(0).value("-rf") != null || passes.get(0).value("-rff") != null) {
          throw new IllegalArgumentException("--against writes RUN/base and RUN/head itself; drop -rf and -rff");
        }
        passes.forEach(Interleaved::rounds);
        baseSide = Interleaved.Side.of("base", against, List.of());
        headSide = Interleaved.Side.of("head", ownCode(), headProperties);
      } else if (!headProperties.isEmpty()) {
        throw new IllegalArgumentException("--head-property needs --against BASE_JAR");
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }

    Path runDir;
    try {
      runDir = RunFolder.create();
    } catch (IOException e) {
      err.println("error: cannot create the run folder under results/: " + e.getMessage());
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
      if (baseSide != null) {
        return interleave(baseSide, headSide, passes, runDir, uriFile, metrics, broker, cpus, profile, err);
      }
      List<String> forkProps = new ArrayList<>();
      forkProps.add("-D" + BrokerSettings.URI_FILE + "=" + uriFile);
      forkProps.add("-D" + RunFolder.PROPERTY + "=" + runDir.toAbsolutePath());
      forkProps.add("-D" + BrokerSettings.METRICS_URI + "=" + metrics);
      // Not the broker choice either: a fork told -Drabbitmq.broker=local would start a node of its own
      // instead of using the launcher's (the URI file).
      forkProps.addAll(forwarded(java.util.Set.of(BrokerSettings.URI, RunFolder.PROPERTY, BrokerSettings.METRICS_URI,
          BrokerSettings.BROKER)));
      List<RunResult> results = new ArrayList<>();
      List<String> allArgs = new ArrayList<>();
      TrialFailures failures = new TrialFailures(jmhOutput(passes.get(0)));
      for (int i = 0; i < passes.size(); i++) {
        JmhArgs pass = passes.get(i).without("-rf").without("-rff")
            .add("-prof", LatencyProfiler.class.getName()).add("-prof", BrokerCrossCheck.class.getName());
        List<String> jmhArgs = new ArrayList<>(pass.toList());
        appendJvmArgs(jmhArgs, forkProps);
        allArgs.add(String.join(" ", jmhArgs));
        if (passes.size() > 1) {
          err.println("# pass " + (i + 1) + " of " + passes.size() + ": " + String.join(" ", passes.get(i).toList()));
        }
        CommandLineOptions options = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        try {
          results.addAll(failures.scored(new Runner(options, failures).run()));
        } catch (RunnerException e) {
          if (failures.failed().isEmpty()) {
            throw e;
          }
          break; // fail-on-error: no trial starts after one failed
        }
      }
      writeEnvironment(runDir, broker, cpus, profile, allArgs, java.util.Map.of());
      if (!results.isEmpty()) {
        ResultFormatFactory.getInstance(format, resultFile.toString()).writeOut(results);
        err.println("results: " + resultFile);
      }
      failures.failed().forEach((trial, cause) -> err.println("failed: " + trial + ": " + cause));
      if (!failures.failed().isEmpty()) {
        err.println("error: " + failures.failed().size() + (failures.failed().size() == 1 ? " trial" : " trials")
            + " failed and " + (failures.failed().size() == 1 ? "has" : "have") + " no score"
            + (results.isEmpty() ? "" : "; the results hold the trials that completed"));
        err.println("run folder: " + runDir);
        return 1;
      }
      if (results.isEmpty()) {
        err.println("error: no benchmark produced a result");
        return 1;
      }
      err.println("run folder: " + runDir);
      return 0;
    } catch (BrokerException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (CommandLineOptionException e) {
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
      err.println("error: " + e.getMessage());
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
      Path uriFile, String metrics, Broker broker, CpuSplit cpus, String profile, PrintStream err)
      throws IOException, InterruptedException {
    // Each side's launcher names its own run folder (under RUN/<side>/runs) and, given a URI, splits no CPUs.
    List<String> props = new ArrayList<>();
    props.add("-D" + BrokerSettings.URI_FILE + "=" + uriFile);
    props.add("-D" + BrokerSettings.METRICS_URI + "=" + metrics);
    props.addAll(forwarded(java.util.Set.of(BrokerSettings.URI, RunFolder.PROPERTY, RunFolder.RESULTS_ROOT,
        CpuSplit.PROPERTY, BrokerSettings.METRICS_URI, BrokerSettings.BROKER)));
    boolean done = new Interleaved(base, head, runDir, props, err).run(passes);
    List<String> passArgs = passes.stream().map(p -> String.join(" ", p.toList())).toList();
    writeEnvironment(runDir, broker, cpus, profile, passArgs, java.util.Map.of(
        "interleaved.base", String.join(" ", base.launch()),
        "interleaved.head", String.join(" ", head.launch()),
        "interleaved.head.properties", String.join(" ", head.properties())));
    if (!done) {
      return 1;
    }
    err.println("run folder: " + runDir);
    return org.rabbitmqjmh.results.Compare.run(new String[] {"--paired", "--markdown",
        runDir.resolve("compare.md").toString(), runDir.resolve("base").toString(), runDir.resolve("head").toString()},
        System.out, err);
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

  /** JMH takes one -jvmArgsAppend string: ours go after whatever the user put there. */
  private static void appendJvmArgs(List<String> args, List<String> extra) {
    int i = args.indexOf("-jvmArgsAppend");
    if (i >= 0 && i + 1 < args.size()) {
      args.set(i + 1, args.get(i + 1) + " " + String.join(" ", extra));
    } else {
      args.add("-jvmArgsAppend");
      args.add(String.join(" ", extra));
    }
  }

  private static void writeEnvironment(Path runDir, Broker broker, CpuSplit cpus, String profile,
      List<String> passArgs, java.util.Map<String, String> extra) throws IOException {
    Properties env = new Properties();
    env.setProperty("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    env.setProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    env.setProperty("cores", Integer.toString(CORES));
    env.setProperty("memory.total.bytes", Long.toString(totalMemory()));
    env.setProperty("jmh.version", org.openjdk.jmh.util.Version.getPlainVersion());
    env.setProperty("amqp-client.version", com.rabbitmq.client.impl.ClientVersion.VERSION);
    env.setProperty("broker.source", broker.source().key());
    env.setProperty("broker.version", broker.version());
    env.setProperty("broker.uri", org.rabbitmqjmh.broker.Uris.mask(broker.uri()));
    env.setProperty("broker.start.seconds", String.format("%.1f", broker.startTime().toMillis() / 1000.0));
    env.setProperty("cpus", cpus.describe());
    env.setProperty("profile", profile == null ? "none" : profile);
    for (int i = 0; i < passArgs.size(); i++) {
      env.setProperty(passArgs.size() == 1 ? "jmh.args" : "jmh.args.pass" + (i + 1), passArgs.get(i));
    }
    env.setProperty("git.sha", runDir.getFileName().toString().replaceAll("^[^-]+-", ""));
    extra.forEach(env::setProperty);
    try (var out = Files.newBufferedWriter(runDir.resolve("environment.properties"))) {
      env.store(out, "rabbitmq-jmh run environment");
    }
  }

  private static long totalMemory() {
    try {
      return Arrays.stream(Files.readAllLines(Path.of("/proc/meminfo")).get(0).split("\\s+"))
          .filter(s -> s.matches("\\d+")).mapToLong(Long::parseLong).findFirst().orElse(0) * 1024;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
