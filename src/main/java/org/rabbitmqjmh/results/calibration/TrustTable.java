package org.rabbitmqjmh.results.calibration;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.Metrics;
import org.rabbitmqjmh.results.compare.Compare;
import org.rabbitmqjmh.results.compare.CompareArguments;

/**
 * {@code TrustTable AA_RUN=CHANGED_RUN ...}: how far to trust each metric of the gate, in one table made
 * from the committed proofs. Each argument is one proof: an interleaved A/A run and an interleaved run with
 * a known change on the head, calibrated as {@code Calibration --paired --by-metric} does (comparisons of
 * 3 rounds; an A/A comparison judged by the floors of those that share no round with it). Per metric:
 * <ul>
 *   <li>what it catches, or why it is not gated ({@link Metrics#meaning});</li>
 *   <li>false alarms: of every A/A comparison of the distinct A/A runs, those where some row of the metric
 *       was flagged;</li>
 *   <li>the smallest change caught: of the rows flagged slower in at least 90% of a proof's changed
 *       comparisons, the one whose median change made it the least slower, and the proof (the changed
 *       run's folder);</li>
 *   <li>the largest change missed: of the rows not caught, the one whose median change made it the most
 *       slower (a throughput lower, a cost or a time higher), and its proof; a row the change made faster
 *       is not a miss.</li>
 * </ul>
 * Prints a markdown table; exit 0, or 2 on unusable input.
 */
public final class TrustTable {

    static final String USAGE = "usage: TrustTable AA_RUN=CHANGED_RUN ...  (interleaved run folders: an A/A run and a "
            + "run with a known change on the head, one pair per proof)";

    private TrustTable() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** A row's median change in one proof, how much slower that is, and whether that proof caught it. */
    private record Seen(String proof, double change, double slowdown, boolean caught) {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new BadInputException("no proofs given; " + USAGE);
            }
            Map<String, Calibration.Result> sameRuns = new LinkedHashMap<>(); // the false alarms, once per A/A run
            Map<String, List<Seen>> seen = new TreeMap<>();
            Map<String, Boolean> gated = new TreeMap<>();
            for (String arg : args) {
                String[] pair = arg.split("=", 2);
                if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
                    throw new BadInputException("'" + arg + "' is not AA_RUN=CHANGED_RUN; " + USAGE);
                }
                Calibration.Result r = Calibration.calibratePaired(
                        Calibration.Sides.read(Path.of(pair[0])),
                        List.of(Calibration.Sides.read(Path.of(pair[1]))),
                        Calibration.DEFAULT_ROUNDS,
                        CompareArguments.DEFAULT_THRESHOLD);
                sameRuns.putIfAbsent(pair[0], r);
                r.metrics().forEach((metric, t) -> {
                    gated.put(metric, t.gated());
                    t.medianChange()
                            .forEach((row, change) -> seen.computeIfAbsent(metric, k -> new ArrayList<>())
                                    .add(new Seen(
                                            pair[1],
                                            change,
                                            t.medianSlowdown().get(row),
                                            t.caught().contains(row))));
                });
            }
            print(sameRuns, seen, gated, out);
            return Compare.NO_REGRESSION;
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return Compare.BAD_INPUT;
        }
    }

    private static void print(
            Map<String, Calibration.Result> sameRuns,
            Map<String, List<Seen>> seen,
            Map<String, Boolean> gated,
            PrintStream out) {
        out.println(
                "| metric | gated | catches (gated) or why not gated | false alarms: A/A comparisons with a row of it "
                        + "flagged | smallest change caught in ≥ 90% of a proof's comparisons | largest change missed |");
        out.println("|---|---|---|---:|---|---|");
        gated.forEach((metric, isGated) -> {
            int alarms = 0;
            int comparisons = 0;
            for (Calibration.Result r : sameRuns.values()) {
                Calibration.MetricTrust t = r.metrics().get(metric);
                if (t != null) {
                    alarms += t.falseAlarms();
                    comparisons += t.sameComparisons();
                }
            }
            List<Seen> rows = seen.getOrDefault(metric, List.of());
            Comparator<Seen> bySlowdown = Comparator.comparingDouble(Seen::slowdown);
            String caught = rows.stream()
                    .filter(Seen::caught)
                    .min(bySlowdown)
                    .map(TrustTable::describe)
                    .orElse("none");
            String missed = rows.stream()
                    .filter(s -> !s.caught() && s.slowdown() > 0)
                    .max(bySlowdown)
                    .map(TrustTable::describe)
                    .orElse("none");
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %d of %d (%.1f%%) | %s | %s |%n",
                    metric,
                    isGated ? "yes" : "no",
                    Metrics.meaning(metric),
                    alarms,
                    comparisons,
                    comparisons == 0 ? 0.0 : 100.0 * alarms / comparisons,
                    caught,
                    missed);
        });
    }

    private static String describe(Seen s) {
        return String.format(Locale.ROOT, "%+.1f%% (%s)", s.change(), s.proof());
    }
}
