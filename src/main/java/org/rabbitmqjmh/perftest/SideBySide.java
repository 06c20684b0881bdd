package org.rabbitmqjmh.perftest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerResolver;
import org.rabbitmqjmh.broker.BrokerSettings;
import org.rabbitmqjmh.jmh.LatencyProfiler;
import org.rabbitmqjmh.run.RunFolder;

/**
 * Our PublishBenchmark beside RabbitMQ PerfTest on one broker, in one run: for each scenario and
 * round, PerfTest runs as a separate process for {@code --seconds}, then our benchmark for as long
 * (alternating which goes first, so a drifting machine favours neither), and the table gives each
 * side's median over the rounds and their ratio. PerfTest's classpath is given, not bundled: we use
 * the published artifact, run as its users run it.
 *
 * <p>{@code java -cp target/benchmarks.jar org.rabbitmqjmh.perftest.SideBySide --perftest-classpath "$CP"
 * --rounds 5 --seconds 15 --out results/perftest}
 */
public final class SideBySide {

  record Scenario(String name, List<String> perfTestArgs, Map<String, String> ourParams) {
  }

  static final Map<String, String> BASE = Map.of("messageSize", "16", "delivery", "transient",
      "queueType", "classic", "socketIo", "classic", "recording", "on");

  static final List<Scenario> SCENARIOS = List.of(
      new Scenario("no confirms, 16 B, 1 publisher + 1 consumer", List.of("-x", "1", "-y", "1", "-s", "16", "-a"),
          with("confirm", "none", "batch", "0")),
      new Scenario("async window 100", List.of("-x", "1", "-y", "1", "-s", "16", "-a", "-c", "100"),
          with("confirm", "async-window", "batch", "100")),
      new Scenario("per-message confirm", List.of("-x", "1", "-y", "1", "-s", "16", "-a", "-c", "1"),
          with("confirm", "unary", "batch", "0")));

  private static final Pattern RATE = Pattern.compile("sending rate avg: (\\d+) msg/s");
  private static final Pattern CONFIRM = Pattern.compile("confirm latency min/median/75th/95th/99th (\\d+)/(\\d+)/");

  private SideBySide() {
  }

  private static Map<String, String> with(String... kv) {
    Map<String, String> m = new java.util.TreeMap<>(BASE);
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  public static void main(String[] args) throws Exception {
    String cp = null;
    int rounds = 5;
    int seconds = 15;
    Path out = Path.of("results", "perftest");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--perftest-classpath" -> cp = args[++i];
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> {
          System.err.println("side-by-side: unknown option " + args[i]
              + "; allowed: --perftest-classpath CP, --rounds N, --seconds N, --out DIR");
          System.exit(2);
        }
      }
    }
    if (cp == null) {
      System.err.println("side-by-side: --perftest-classpath is required (classpath of com.rabbitmq:perf-test)");
      System.exit(2);
    }
    Files.createDirectories(out);
    PrintStream err = System.err;
    try (Broker broker = BrokerResolver.provision()) {
      err.println(broker.describe());
      Path uriFile = Files.createTempFile("rabbitmq-jmh-uri-", ".txt",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(uriFile, broker.uri().toString());
      double[][][] perf = new double[SCENARIOS.size()][rounds][];
      double[][][] ours = new double[SCENARIOS.size()][rounds][];
      List<RunResult> all = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        for (int s = 0; s < SCENARIOS.size(); s++) {
          Scenario sc = SCENARIOS.get(s);
          boolean perfFirst = (r + s) % 2 == 0;
          for (int side = 0; side < 2; side++) {
            if ((side == 0) == perfFirst) {
              perf[s][r] = perfTest(cp, broker, sc, seconds);
              err.printf("round %d %s: PerfTest %.0f msg/s, confirm p50 %.0f us%n", r + 1, sc.name(), perf[s][r][0],
                  perf[s][r][1]);
            } else {
              RunResult res = ours(sc, seconds, uriFile, out);
              all.add(res);
              ours[s][r] = new double[] {res.getPrimaryResult().getScore(), confirmP50(res)};
              err.printf("round %d %s: rabbitmq-jmh %.0f msg/s, confirm p50 %.0f us%n", r + 1, sc.name(),
                  ours[s][r][0], ours[s][r][1]);
            }
          }
        }
      }
      ResultFormatFactory.getInstance(ResultFormatType.JSON, out.resolve("rabbitmq-jmh.json").toString()).writeOut(all);
      Files.writeString(out.resolve("side-by-side.md"), table(perf, ours, rounds, seconds, broker));
      Files.deleteIfExists(uriFile);
      err.println("written: " + out.resolve("side-by-side.md"));
    }
  }

  private static double[] perfTest(String cp, Broker broker, Scenario sc, int seconds)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", cp, "com.rabbitmq.perf.PerfTest", "-h", broker.uri().toString(), "-z", Integer.toString(seconds)));
    cmd.addAll(sc.perfTestArgs());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("PerfTest did not finish");
    }
    Matcher rate = RATE.matcher(text);
    Matcher confirm = CONFIRM.matcher(text);
    if (!rate.find()) {
      throw new IllegalStateException("no rate in PerfTest's output: " + text.lines().reduce((a, b) -> b).orElse(""));
    }
    return new double[] {Double.parseDouble(rate.group(1)), confirm.find() ? Double.parseDouble(confirm.group(2)) : Double.NaN};
  }

  private static RunResult ours(Scenario sc, int seconds, Path uriFile, Path out) throws Exception {
    int measured = Math.max(1, (seconds - 3) / 3);
    ChainedOptionsBuilder o = new OptionsBuilder().include("\\.PublishBenchmark\\.").forks(1)
        .warmupIterations(1).warmupTime(TimeValue.seconds(3)).measurementIterations(measured)
        .measurementTime(TimeValue.seconds(3)).addProfiler(LatencyProfiler.class).shouldFailOnError(true)
        .jvmArgsAppend("-D" + BrokerSettings.URI_FILE + "=" + uriFile,
            "-D" + RunFolder.PROPERTY + "=" + out.toAbsolutePath(), "-Drabbitmqjmh.csv=false");
    sc.ourParams().forEach(o::param);
    Collection<RunResult> r = new Runner(o.build()).run();
    return r.iterator().next();
  }

  private static double confirmP50(RunResult r) {
    var m = r.getSecondaryResults().get("confirm.p50");
    return m == null ? Double.NaN : m.getScore();
  }

  static double median(double[] v) {
    double[] s = Arrays.stream(v).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (s.length == 0) {
      return Double.NaN;
    }
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String table(double[][][] perf, double[][][] ours, int rounds, int seconds, Broker broker) {
    StringBuilder b = new StringBuilder();
    b.append("| scenario | PerfTest msg/s (median) | rabbitmq-jmh msg/s (median) | ratio ours/PerfTest "
        + "| PerfTest confirm p50 µs | ours confirm p50 µs | ratio |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (int s = 0; s < SCENARIOS.size(); s++) {
      double[] pr = new double[rounds];
      double[] or = new double[rounds];
      double[] pl = new double[rounds];
      double[] ol = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        pr[r] = perf[s][r][0];
        pl[r] = perf[s][r][1];
        or[r] = ours[s][r][0];
        ol[r] = ours[s][r][1];
      }
      b.append(String.format("| %s | %.0f | %.0f | %.2f | %s | %s | %s |%n", SCENARIOS.get(s).name(), median(pr),
          median(or), median(or) / median(pr), fmt(median(pl)), fmt(median(ol)), s == 0 ? "n/a"
              : String.format("%.2f", median(ol) / median(pl))));
    }
    b.append("\nPer round (msg/s; PerfTest / ours):\n\n");
    for (int s = 0; s < SCENARIOS.size(); s++) {
      b.append("- ").append(SCENARIOS.get(s).name()).append(": ");
      for (int r = 0; r < rounds; r++) {
        b.append(String.format("%s%.0f / %.0f", r == 0 ? "" : "; ", perf[s][r][0], ours[s][r][0]));
      }
      b.append('\n');
    }
    b.append(String.format("%n%d rounds of %d s per side and scenario, alternating which side goes first; broker: %s%n",
        rounds, seconds, broker.describe().replaceFirst("^broker: ", "")));
    return b.toString();
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "n/a" : String.format("%.0f", v);
  }
}
