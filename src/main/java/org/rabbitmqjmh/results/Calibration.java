package org.rabbitmqjmh.results;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far to trust {@code compare} on this machine, measured on real runs:
 * {@code calibration [--threshold 5] SAME_RUN... [--changed CHANGED_RUN...]}.
 *
 * <p>The SAME runs are runs of one commit (A/A). Every pair of them is compared, the earlier as base, and
 * the report says how many pairs flag any row (a false alarm, "slower" or "faster") and which rows
 * flag. The CHANGED runs are runs of a commit known to be slower (e.g. {@code -Drabbitmqjmh.slowdown.ns});
 * each is compared against every SAME run, and the report says how often each row is flagged "slower".
 * Prints markdown; exit 0, or 2 on unusable input.
 */
public final class Calibration {

  static final String USAGE = "usage: calibration [--threshold PERCENT] SAME_RUN SAME_RUN... [--changed RUN...]";

  private Calibration() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    double threshold = CompareArguments.DEFAULT_THRESHOLD;
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
        } else if (args[i].equals("--changed")) {
          into = changed;
        } else if (args[i].startsWith("-")) {
          throw new BadInputException("unknown option " + args[i] + "; " + USAGE);
        } else {
          into.add(Path.of(args[i]));
        }
      }
      if (same.size() < 2) {
        throw new BadInputException("need at least two runs of the same commit; " + USAGE);
      }
      List<List<JmhResult>> a = new ArrayList<>();
      for (Path p : same) {
        a.add(JmhJson.read(p));
      }
      List<List<JmhResult>> b = new ArrayList<>();
      for (Path p : changed) {
        b.add(JmhJson.read(p));
      }
      out.print(markdown(a, b, threshold));
      return Compare.NO_REGRESSION;
    } catch (BadInputException e) {
      err.println("error: " + e.getMessage());
      return Compare.BAD_INPUT;
    }
  }

  /** Counts per row over a set of comparisons. */
  private static final class Tally {
    int compared;
    int slower;
    int faster;
    final List<Double> changes = new ArrayList<>();
  }

  static String markdown(List<List<JmhResult>> same, List<List<JmhResult>> changed, double threshold) {
    StringBuilder b = new StringBuilder();
    Map<String, Tally> aa = new TreeMap<>();
    int pairs = 0;
    int flagged = 0;
    int flaggedSlower = 0;
    for (int i = 0; i < same.size(); i++) {
      for (int j = i + 1; j < same.size(); j++) {
        Comparison c = Comparison.of(same.get(i), same.get(j), threshold);
        pairs++;
        boolean any = false;
        boolean anySlower = false;
        for (ComparisonRow r : c.rows()) {
          Tally t = aa.computeIfAbsent(r.key().label(), k -> new Tally());
          t.compared++;
          t.changes.add(r.changePercent());
          if (r.verdict() == Verdict.SLOWER) {
            t.slower++;
            any = anySlower = true;
          } else if (r.verdict() == Verdict.FASTER) {
            t.faster++;
            any = true;
          }
        }
        flagged += any ? 1 : 0;
        flaggedSlower += anySlower ? 1 : 0;
      }
    }
    b.append(String.format(Locale.ROOT, "## Same commit (A/A): %d runs, %d pairs, threshold %.1f%%%n%n",
        same.size(), pairs, threshold));
    b.append(String.format(Locale.ROOT, "- pairs that flag no row: **%d of %d** (%.1f%%)%n", pairs - flagged, pairs,
        100.0 * (pairs - flagged) / pairs));
    b.append(String.format(Locale.ROOT, "- pairs that would fail a build (a row \"slower\"): %d of %d%n%n",
        flaggedSlower, pairs));
    b.append("| row | pairs | flagged slower | flagged faster | median abs. change | largest abs. change |\n");
    b.append("|---|---:|---:|---:|---:|---:|\n");
    aa.forEach((row, t) -> b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f%% | %.1f%% |%n", row,
        t.compared, t.slower, t.faster, median(t.changes.stream().map(Math::abs).toList()),
        t.changes.stream().mapToDouble(Math::abs).max().orElse(0))));
    if (!changed.isEmpty()) {
      Map<String, Tally> ab = new TreeMap<>();
      int comparisons = 0;
      int failed = 0;
      for (List<JmhResult> head : changed) {
        for (List<JmhResult> base : same) {
          Comparison c = Comparison.of(base, head, threshold);
          comparisons++;
          failed += c.regressed() ? 1 : 0;
          for (ComparisonRow r : c.rows()) {
            Tally t = ab.computeIfAbsent(r.key().label(), k -> new Tally());
            t.compared++;
            t.changes.add(r.changePercent());
            t.slower += r.verdict() == Verdict.SLOWER ? 1 : 0;
            t.faster += r.verdict() == Verdict.FASTER ? 1 : 0;
          }
        }
      }
      b.append(String.format(Locale.ROOT, "%n## Changed commit against the same-commit runs: %d runs × %d = %d "
          + "comparisons%n%n- comparisons that fail the build (exit 1): **%d of %d**%n%n", changed.size(), same.size(),
          comparisons, failed, comparisons));
      b.append("| row | comparisons | flagged slower | flagged faster | median change |\n");
      b.append("|---|---:|---:|---:|---:|\n");
      ab.forEach((row, t) -> b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %+.1f%% |%n", row,
          t.compared, t.slower, t.faster, median(t.changes))));
    }
    return b.toString();
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> v = new ArrayList<>(values);
    v.sort(null);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }
}
