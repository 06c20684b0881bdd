package org.rabbitmqjmh.results.calibration;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.CommandLine;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;

/**
 * {@code RoundSpread LABEL=RUN[,RUN...] ...}: how much the head/base ratio of interleaved runs
 * ({@code --against}, with or without {@code --duet}) moves from round to round, per row and metric, for
 * each labelled group of runs side by side: what decides how small a change a paired comparison of few
 * rounds can see (a 3-round paired interval needs a per-round sd of about 3% to see 10%). A round's ratio
 * is the head fork's mean over the base fork's (round k is fork k of each side); a group pools the rounds
 * of its runs.
 *
 * <p>Beside the sd, the mean ratio of rounds 1, 3, 5, ... and of rounds 2, 4, 6, ... of each run: in a duet
 * the head has the second CPU set in the first kind and the first set in the second ({@code run.Duet}), so
 * the two means differ by what the CPU sets differ by; in a sequential run, by which side went first.
 *
 * <p>Prints a markdown table; exit 0, or 2 on unusable input.
 */
public final class RoundSpread {

  static final String USAGE = "usage: RoundSpread [--metric NAME]... LABEL=RUN[,RUN...] ...  (RUN: an interleaved "
      + "run folder with base/ and head/; NAME: score or a secondary metric, default score, cost.client.cpu and "
      + "cost.broker.cpu)";
  private static final List<String> DEFAULT_METRICS = List.of("score", "cost.client.cpu", "cost.broker.cpu");
  private static final OptionParser PARSER = new OptionParser(false);
  private static final OptionSpec<String> METRIC = PARSER.accepts("metric").withRequiredArg();

  private RoundSpread() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      OptionSet o = CommandLine.parse(PARSER, args, "--metric NAME", USAGE);
      List<String> metrics = o.has(METRIC) ? o.valuesOf(METRIC) : DEFAULT_METRICS;
      Map<String, Map<BenchmarkKey, List<List<Double>>>> groups = new LinkedHashMap<>();
      for (Object arg : o.nonOptionArguments()) {
        String[] labelled = arg.toString().split("=", 2);
        if (labelled.length != 2 || labelled[0].isBlank() || labelled[1].isBlank()) {
          throw new BadInputException("'" + arg + "' is not LABEL=RUN[,RUN...]; " + USAGE);
        }
        Map<BenchmarkKey, List<List<Double>>> rounds = new LinkedHashMap<>();
        for (String run : labelled[1].split(",")) {
          roundRatios(Path.of(run), metrics, rounds);
        }
        groups.put(labelled[0], rounds);
      }
      if (groups.isEmpty()) {
        throw new BadInputException("no runs given; " + USAGE);
      }
      print(groups, out);
      return 0;
    } catch (BadInputException e) {
      err.println("RoundSpread: " + e.getMessage());
      return 2;
    }
  }

  /** Adds each row's per-round head/base ratios of one interleaved run to {@code into}, in round order. */
  private static void roundRatios(Path run, List<String> metrics, Map<BenchmarkKey, List<List<Double>>> into)
      throws BadInputException {
    if (!Files.isDirectory(run.resolve("base")) || !Files.isDirectory(run.resolve("head"))) {
      throw new BadInputException(run + " is not an interleaved run folder (no base/ and head/); " + USAGE);
    }
    Map<BenchmarkKey, JmhResult> heads = new LinkedHashMap<>();
    JmhJson.read(run.resolve("head"), m -> true).forEach(h -> heads.put(h.key(), h));
    for (JmhResult base : JmhJson.read(run.resolve("base"), m -> true)) {
      JmhResult head = heads.get(base.key());
      String metric = base.key().metric().isEmpty() ? "score" : base.key().metric();
      if (head == null || !metrics.contains(metric)) {
        continue;
      }
      double[] b = forkMeans(base);
      double[] h = forkMeans(head);
      List<Double> ratios = new ArrayList<>();
      for (int k = 0; k < Math.min(b.length, h.length); k++) {
        ratios.add(h[k] / b[k]);
      }
      into.computeIfAbsent(base.key(), k -> new ArrayList<>()).add(ratios);
    }
  }

  private static double[] forkMeans(JmhResult r) {
    return Arrays.stream(r.samples()).mapToDouble(f -> Arrays.stream(f).average().orElse(Double.NaN)).toArray();
  }

  private static void print(Map<String, Map<BenchmarkKey, List<List<Double>>>> groups, PrintStream out) {
    List<String> labels = List.copyOf(groups.keySet());
    StringBuilder header = new StringBuilder("| row | params |");
    StringBuilder rule = new StringBuilder("| --- | --- |");
    for (String label : labels) {
      header.append(' ').append(label).append(": rounds | sd of head/base | mean, rounds 1, 3, ... | 2, 4, ... |");
      rule.append(" ---: | ---: | ---: | ---: |");
    }
    out.println(header);
    out.println(rule);
    for (BenchmarkKey key : groups.get(labels.get(0)).keySet()) {
      StringBuilder line = new StringBuilder("| " + key.shortName() + " | " + key.paramsLabel() + " |");
      for (String label : labels) {
        DescriptiveStatistics all = new DescriptiveStatistics();
        DescriptiveStatistics first = new DescriptiveStatistics(); // rounds 1, 3, 5, ... of each run
        DescriptiveStatistics second = new DescriptiveStatistics(); // rounds 2, 4, 6, ...
        for (List<Double> run : groups.get(label).getOrDefault(key, List.of())) {
          for (int k = 0; k < run.size(); k++) {
            all.addValue(run.get(k));
            (k % 2 == 0 ? first : second).addValue(run.get(k));
          }
        }
        line.append(String.format(Locale.ROOT, " %d | %s | %s | %s |", all.getN(),
            all.getN() < 2 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * all.getStandardDeviation() / all.getMean()),
            mean(first), mean(second)));
      }
      out.println(line);
    }
  }

  private static String mean(DescriptiveStatistics s) {
    return s.getN() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", s.getMean());
  }
}
