package org.rabbitmqjmh.results;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * {@code spread RUN}: how much each row of a run, the score and each cost per message, moves from fork
 * to fork, and what that means for a gate. A fork's figure is the mean of its measurement iterations;
 * the row's coefficient of variation (cv) is the standard deviation of the fork means over their mean.
 * A one-sided test at 5% false alarms and 80% power needs about 12.4 (cv / change)² forks per side to
 * see a change ({@link #forksToSee}): the column for 10% says whether the quick profile's forks can.
 * A cv from few forks is itself uncertain (about a third at 5 forks): judge levers on 10 and more.
 *
 * <p>Prints a markdown table; exit 0, or 2 on unusable input. Run:
 * {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.ForkSpread results/<run>}
 */
public final class ForkSpread {

  static final String USAGE = "usage: spread RUN  (a run folder or a JMH JSON file with several forks)";

  private ForkSpread() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 1) {
      err.println(USAGE);
      return 2;
    }
    List<JmhResult> rows;
    try {
      rows = JmhJson.read(Path.of(args[0]));
    } catch (BadInputException e) {
      err.println("spread: " + e.getMessage());
      return 2;
    }
    out.println("| benchmark | params | unit | mean | forks | cv | forks per side to see 10% |");
    out.println("|---|---|---|---:|---:|---:|---:|");
    for (JmhResult r : rows) {
      double[] forkMeans = Arrays.stream(r.samples()).filter(f -> f.length > 0)
          .mapToDouble(f -> Arrays.stream(f).average().orElse(Double.NaN)).toArray();
      if (forkMeans.length < 2) {
        continue;
      }
      DescriptiveStatistics s = new DescriptiveStatistics(forkMeans);
      double cv = s.getStandardDeviation() / s.getMean();
      out.printf("| %s | %s | %s | %s | %d | %.1f%% | %s |%n", r.key().shortName(), r.key().paramsLabel(), r.unit(),
          Numbers.score(s.getMean()), forkMeans.length, 100 * cv, Long.toString(Math.round(Math.ceil(forksToSee(cv, 0.10)))));
    }
    return 0;
  }

  /** Forks per side for a one-sided test at 5% false alarms and 80% power: 2 (1.645 + 0.842)² (cv / change)². */
  static double forksToSee(double cv, double change) {
    double z = 1.6449 + 0.8416;
    return 2 * z * z * (cv / change) * (cv / change);
  }
}
