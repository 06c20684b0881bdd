package org.rabbitmqjmh.results;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far to trust {@code compare} on this machine, measured on real runs:
 * {@code calibration [--threshold 5] [--write-noise FILE] SAME_RUN... [--changed CHANGED_RUN...]}.
 *
 * <p>The SAME runs are runs of one commit (A/A). Every pair of them is compared, the earlier as base.
 * The report says how many pairs flag any row ("slower" or "faster": a false alarm), first by the
 * threshold alone, then with noise floors: a row must also change by more than the largest change it
 * showed between two other same-commit runs. So that no pair is judged by floors its own runs set, the
 * floors for pair (i, j) come from the pairs among the remaining runs (leave-two-out). {@code
 * --write-noise} writes the floors of all the runs, for {@code compare --noise}.
 *
 * <p>The CHANGED runs are runs of a commit known to be slower (e.g. {@code -Drabbitmqjmh.slowdown.ns}):
 * each is compared against every SAME run, with the floors of all SAME runs, and the report says how
 * often each row is flagged "slower" and how often the comparison fails (exit 1 of compare).
 * Prints markdown; exit 0, or 2 on unusable input.
 */
public final class Calibration {

  static final String USAGE = "usage: calibration [--threshold PERCENT] [--write-noise FILE] SAME_RUN SAME_RUN... "
      + "[--changed RUN...]";

  private Calibration() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    double threshold = CompareArguments.DEFAULT_THRESHOLD;
    Path noiseFile = null;
    List<Path> same = new ArrayList<>();
    List<Path> changed = new ArrayList<>();
    List<Path> into = same;
    try {
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--threshold") && i + 1 < args.length) {
          try {
            threshold = Double.parseDouble(args[++i]);
          } catch (NumberFormatException e) {
            throw new BadInputException("--threshold " + args[i] + " is not a number; " + USAGE);
          }
        } else if (args[i].equals("--write-noise") && i + 1 < args.length) {
          noiseFile = Path.of(args[++i]);
        } else if (args[i].equals("--changed")) {
          into = changed;
        } else if (args[i].startsWith("-")) {
          throw new BadInputException("unknown option " + args[i] + "; " + USAGE);
        } else {
          into.add(Path.of(args[i]));
        }
      }
      if (same.size() < 4) {
        throw new BadInputException("need at least four runs of the same commit (" + same.size() + " given); " + USAGE);
      }
      List<List<JmhResult>> a = new ArrayList<>();
      for (Path p : same) {
        a.add(JmhJson.read(p));
      }
      List<List<JmhResult>> b = new ArrayList<>();
      for (Path p : changed) {
        b.add(JmhJson.read(p));
      }
      Calibration.Result result = calibrate(a, b, threshold);
      if (noiseFile != null) {
        result.floors().write(noiseFile, "rabbitmq-jmh noise floors (percent): the largest change of each row "
            + "between " + same.size() + " runs of one commit; for compare --noise");
      }
      out.print(result.markdown());
      return Compare.NO_REGRESSION;
    } catch (BadInputException e) {
      err.println("error: " + e.getMessage());
      return Compare.BAD_INPUT;
    } catch (IOException e) {
      err.println("error: cannot write the noise floors: " + e.getMessage());
      return Compare.BAD_INPUT;
    }
  }

  /** The report, the floors of all same-commit runs, and the counts the tests check. */
  record Result(String markdown, NoiseFloors floors, int pairs, int quietByThreshold, int quietWithFloors,
      int changedComparisons, int changedFailed) {
  }

  /** One A/A comparison, kept so it can be judged again with other floors. */
  private record Pair(int i, int j, List<ComparisonRow> rows) {
  }

  static Result calibrate(List<List<JmhResult>> same, List<List<JmhResult>> changed, double threshold) {
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < same.size(); i++) {
      for (int j = i + 1; j < same.size(); j++) {
        pairs.add(new Pair(i, j, Comparison.of(same.get(i), same.get(j), threshold).rows()));
      }
    }
    NoiseFloors all = floors(pairs, -1, -1);
    int quietByThreshold = 0;
    int quietWithFloors = 0;
    Map<String, int[]> flags = new TreeMap<>(); // row -> {by threshold, with floors}
    Map<String, List<Double>> changes = new TreeMap<>();
    for (Pair p : pairs) {
      NoiseFloors others = floors(pairs, p.i(), p.j());
      boolean anyByThreshold = false;
      boolean anyWithFloors = false;
      for (ComparisonRow r : p.rows()) {
        String row = r.key().label();
        int[] f = flags.computeIfAbsent(row, k -> new int[2]);
        changes.computeIfAbsent(row, k -> new ArrayList<>()).add(Math.abs(r.changePercent()));
        if (r.verdict() != Verdict.NO_CHANGE) {
          f[0]++;
          anyByThreshold = true;
        }
        if (judge(r, threshold, others) != Verdict.NO_CHANGE) {
          f[1]++;
          anyWithFloors = true;
        }
      }
      quietByThreshold += anyByThreshold ? 0 : 1;
      quietWithFloors += anyWithFloors ? 0 : 1;
    }
    StringBuilder b = new StringBuilder();
    int n = pairs.size();
    b.append(String.format(Locale.ROOT, "## Same commit (A/A): %d runs, %d pairs, threshold %.1f%%%n%n", same.size(),
        n, threshold));
    b.append(String.format(Locale.ROOT, "- by the threshold alone, pairs that flag no row: **%d of %d** (%.1f%%)%n",
        quietByThreshold, n, 100.0 * quietByThreshold / n));
    b.append(String.format(Locale.ROOT, "- with noise floors (each pair judged by the floors of the other %d runs), "
        + "pairs that flag no row: **%d of %d** (%.1f%%)%n%n", same.size() - 2, quietWithFloors, n,
        100.0 * quietWithFloors / n));
    b.append("| row | flagged by threshold | flagged with floors | median abs. change | noise floor (largest) |\n");
    b.append("|---|---:|---:|---:|---:|\n");
    flags.forEach((row, f) -> b.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f%% | %.1f%% |%n", row, f[0],
        f[1], median(changes.get(row)), all.asMap().getOrDefault(row, 0.0))));

    int comparisons = 0;
    int failed = 0;
    if (!changed.isEmpty()) {
      Map<String, int[]> slower = new TreeMap<>();
      Map<String, List<Double>> moved = new TreeMap<>();
      for (List<JmhResult> head : changed) {
        for (List<JmhResult> base : same) {
          Comparison c = Comparison.of(base, head, threshold, all);
          comparisons++;
          failed += c.regressed() ? 1 : 0;
          for (ComparisonRow r : c.rows()) {
            int[] s = slower.computeIfAbsent(r.key().label(), k -> new int[2]);
            s[0] += r.verdict() == Verdict.SLOWER ? 1 : 0;
            s[1]++;
            moved.computeIfAbsent(r.key().label(), k -> new ArrayList<>()).add(r.changePercent());
          }
        }
      }
      b.append(String.format(Locale.ROOT, "%n## Changed commit against the same-commit runs: %d runs x %d = %d "
          + "comparisons, with the noise floors above%n%n- comparisons that fail (exit 1 of compare): **%d of %d**"
          + "%n%n", changed.size(), same.size(), comparisons, failed, comparisons));
      b.append("| row | median change | flagged slower |\n|---|---:|---:|\n");
      slower.forEach((row, s) -> b.append(String.format(Locale.ROOT, "| %s | %+.1f%% | %d of %d |%n", row,
          median(moved.get(row)), s[0], s[1])));
    }
    return new Result(b.toString(), all, n, quietByThreshold, quietWithFloors, comparisons, failed);
  }

  /** The verdict of a row were its threshold its noise floor, where that is larger. */
  static Verdict judge(ComparisonRow r, double threshold, NoiseFloors floors) {
    return Comparison.verdict(r.direction(), r.ratio(), r.interval(), Math.max(threshold, floors.percent(r.key())));
  }

  /** Each row's largest absolute change over the pairs that involve neither run {@code a} nor {@code b}. */
  private static NoiseFloors floors(List<Pair> pairs, int a, int b) {
    Map<String, Double> max = new HashMap<>();
    for (Pair p : pairs) {
      if (p.i() == a || p.j() == a || p.i() == b || p.j() == b) {
        continue;
      }
      for (ComparisonRow r : p.rows()) {
        max.merge(r.key().label(), Math.ceil(Math.abs(r.changePercent()) * 10) / 10, Math::max);
      }
    }
    return new NoiseFloors(max);
  }

  private static double median(List<Double> values) {
    if (values == null || values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> v = new ArrayList<>(values);
    v.sort(null);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }
}
