package org.rabbitmqjmh.results.calibration;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;
import org.rabbitmqjmh.results.Numbers;

/**
 * {@code round-spread RUN [--match TEXT]}: how an interleaved run ({@code base/} and {@code head/}, fork
 * k of each side one round) moves from round to round, row by row: the sd of the log of each round's
 * head/base ratio of fork means (what a paired comparison's interval is made of), the lowest and highest
 * single measurement iteration over both sides, and how many iterations lie above twice the row's median
 * iteration (a stall: an iteration the rest of its row does not explain). {@code --match} keeps the rows
 * whose benchmark and params contain TEXT. Exit 0, or 2 on unusable input.
 * Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.calibration.RoundSpread results/<run>}
 */
public final class RoundSpread {

  static final String USAGE = "usage: round-spread RUN [--match TEXT]  (an interleaved run folder with base/ and head/)";

  private RoundSpread() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    boolean match = args.length == 3 && args[1].equals("--match");
    if (args.length != 1 && !match) {
      err.println(USAGE);
      return 2;
    }
    Path run = Path.of(args[0]);
    if (!Files.isDirectory(run.resolve("base")) || !Files.isDirectory(run.resolve("head"))) {
      err.println("round-spread: " + run + " has no base/ and head/ (an interleaved run)");
      return 2;
    }
    try {
      List<JmhResult> base = JmhJson.read(run.resolve("base"));
      Map<BenchmarkKey, JmhResult> heads = new HashMap<>();
      JmhJson.read(run.resolve("head")).forEach(h -> heads.put(h.key(), h));
      out.println("| benchmark | params | unit | rounds | sd of log head/base a round | lowest iteration "
          + "| highest iteration | iterations over 2x the median |");
      out.println("|---|---|---|---:|---:|---:|---:|---:|");
      for (JmhResult b : base) {
        JmhResult h = heads.get(b.key());
        if (h == null || (match && !b.key().nameAndParams().contains(args[2]))) {
          continue;
        }
        double[] bm = forkMeans(b);
        double[] hm = forkMeans(h);
        int rounds = Math.min(bm.length, hm.length);
        if (rounds < 2) {
          continue;
        }
        DescriptiveStatistics logRatio = new DescriptiveStatistics();
        for (int k = 0; k < rounds; k++) {
          logRatio.addValue(Math.log(hm[k] / bm[k]));
        }
        DescriptiveStatistics iterations = new DescriptiveStatistics();
        for (JmhResult side : List.of(b, h)) {
          Arrays.stream(side.samples()).flatMapToDouble(Arrays::stream).forEach(iterations::addValue);
        }
        double median = iterations.getPercentile(50);
        long stalls = Arrays.stream(iterations.getValues()).filter(v -> v > 2 * median).count();
        out.printf(Locale.ROOT, "| %s | %s | %s | %d | %.1f%% | %s | %s | %d |%n", b.key().shortName(),
            b.key().paramsLabel(), b.unit(), rounds, 100 * logRatio.getStandardDeviation(),
            Numbers.score(iterations.getMin()), Numbers.score(iterations.getMax()), stalls);
      }
    } catch (BadInputException e) {
      err.println("round-spread: " + e.getMessage());
      return 2;
    }
    return 0;
  }

  private static double[] forkMeans(JmhResult r) {
    return Arrays.stream(r.samples()).filter(f -> f.length > 0)
        .mapToDouble(f -> Arrays.stream(f).average().orElse(Double.NaN)).toArray();
  }
}
