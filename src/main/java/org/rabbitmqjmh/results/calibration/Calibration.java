package org.rabbitmqjmh.results.calibration;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.Direction;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;
import org.rabbitmqjmh.results.Quantiles;
import org.rabbitmqjmh.results.compare.Compare;
import org.rabbitmqjmh.results.compare.Comparison;
import org.rabbitmqjmh.results.compare.ComparisonRow;
import org.rabbitmqjmh.results.compare.NoiseFloors;
import org.rabbitmqjmh.results.compare.Verdict;

/**
 * How far to trust {@code compare} on this machine, measured on real runs. Two designs:
 *
 * <p>{@code calibration [--threshold 5] [--write-noise FILE] SAME_RUN... [--changed CHANGED_RUN...]}: runs
 * compared run against run. The SAME runs are runs of one commit (A/A); every pair of them is compared,
 * the earlier as base. CHANGED runs are runs of a commit known to be slower (e.g.
 * {@code -Drabbitmqjmh.slowdown.ns}), each compared against every SAME run.
 *
 * <p>{@code calibration --paired [--rounds 3] [--threshold 5] [--write-noise FILE] SAME_RUN [--changed RUN...]}:
 * interleaved runs ({@code --against}), compared round by round. SAME_RUN is one interleaved run whose two
 * sides are the same build, with many rounds; every choice of {@code --rounds} of its rounds is one A/A
 * comparison of the size a real run has. A CHANGED run is an interleaved run of a build against a slower
 * one; every choice of its rounds is one comparison.
 *
 * <p>Either way the report says how many A/A comparisons flag any row (a false alarm), first by the
 * threshold alone, then with noise floors: a row must also change by more than the largest change it
 * showed in the other A/A comparisons. So that no comparison is judged by floors its own data set, the
 * floors for a comparison come only from comparisons that share no run (no round) with it. {@code
 * --write-noise} writes the floors of all of them, for {@code compare --noise}. For the changed runs it says
 * how often each row is flagged "slower" with all the floors, and how often the comparison fails (exit 1
 * of compare). {@code --metric NAME} (repeatable) keeps that metric's rows only, as if the runs held no
 * others: what a README quotes of one metric, without the other rows. Prints markdown; exit 0, or 2 on
 * unusable input.
 */
public final class Calibration {

    static final int DEFAULT_ROUNDS = 3;

    private Calibration() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            CalibrationArguments a = CalibrationArguments.parse(args);
            Result result = a.paired() ? calibratePairedFiles(a) : calibrateFiles(a);
            if (a.noiseFile() != null) {
                result.floors()
                        .write(
                                a.noiseFile(),
                                "rabbitmq-jmh noise floors (percent): the largest change of each row "
                                        + "between "
                                        + (a.paired()
                                                ? "the rounds of an interleaved A/A run"
                                                : a.same().size() + " runs of one commit")
                                        + "; for compare --noise" + (a.paired() ? " --paired" : ""));
            }
            out.print(a.byMetric() ? result.byMetric() : result.markdown());
            return Compare.NO_REGRESSION;
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return Compare.BAD_INPUT;
        } catch (IOException e) {
            err.println("error: cannot write the noise floors: " + e.getMessage());
            return Compare.BAD_INPUT;
        }
    }

    /** --paired: one interleaved A/A run, and the changed interleaved runs, read from their files. */
    private static Result calibratePairedFiles(CalibrationArguments a) throws BadInputException {
        if (a.same().size() != 1) {
            throw new BadInputException("--paired takes one interleaved A/A run ("
                    + a.same().size() + " given); " + CalibrationArguments.USAGE);
        }
        List<Sides> changedRuns = new ArrayList<>();
        for (Path p : a.changed()) {
            changedRuns.add(Sides.read(p).kept(a, p));
        }
        return calibratePaired(
                Sides.read(a.same().get(0)).kept(a, a.same().get(0)), changedRuns, a.rounds(), a.threshold());
    }

    /** Four or more runs of one commit, and the changed runs, read from their JMH JSON files. */
    private static Result calibrateFiles(CalibrationArguments a) throws BadInputException {
        if (a.same().size() < 4) {
            throw new BadInputException("need at least four runs of the same commit ("
                    + a.same().size() + " given); " + CalibrationArguments.USAGE);
        }
        List<List<JmhResult>> aa = new ArrayList<>();
        for (Path p : a.same()) {
            aa.add(a.metricChoice().rows(JmhJson.read(p), p));
        }
        List<List<JmhResult>> ab = new ArrayList<>();
        for (Path p : a.changed()) {
            ab.add(a.metricChoice().rows(JmhJson.read(p), p));
        }
        return calibrate(aa, ab, a.threshold());
    }

    /** The report, the floors of all A/A comparisons, and the counts the tests check. */
    record Result(
            String markdown,
            NoiseFloors floors,
            int pairs,
            int quietByThreshold,
            int quietWithFloors,
            int changedComparisons,
            int changedFailed,
            String byMetric,
            Map<String, MetricTrust> metrics) {}

    /**
     * One metric's figures in a calibration: in how many of the {@code sameComparisons} A/A comparisons
     * some row of it was flagged, and, per row, its median change over the changed comparisons, the same
     * turned into how much slower (positive: worse, whichever way the row's unit goes) and whether it was
     * flagged slower in at least 90% of them ({@code caught}).
     */
    record MetricTrust(
            boolean gated,
            int falseAlarms,
            int sameComparisons,
            Map<String, Double> medianChange,
            Map<String, Double> medianSlowdown,
            Set<String> caught) {}

    /** One comparison, with the runs (or rounds) it used, kept so it can be judged again with other floors. */
    private record Trial(Set<Integer> uses, List<ComparisonRow> rows) {}

    /** The two sides of an interleaved run folder. */
    record Sides(List<JmhResult> base, List<JmhResult> head) {

        static Sides read(Path run) throws BadInputException {
            if (!Files.isDirectory(run.resolve("base")) || !Files.isDirectory(run.resolve("head"))) {
                throw new BadInputException(run + " is not an interleaved run folder (no base/ and head/ in it; "
                        + "made by java -jar benchmarks.jar --against BASE_JAR)");
            }
            return new Sides(JmhJson.read(run.resolve("base")), JmhJson.read(run.resolve("head")));
        }

        /** Only the rows of the metrics asked for ({@code --metric}), as if the run had had only those. */
        Sides kept(CalibrationArguments a, Path run) throws BadInputException {
            return new Sides(
                    a.metricChoice().rows(base, run),
                    head.stream().filter(a::keeps).toList());
        }

        int rounds() {
            return base.stream().mapToInt(JmhResult::forks).min().orElse(0);
        }

        /** Only the given rounds of both sides, as if the run had had only those. */
        Sides select(int[] rounds) {
            return new Sides(select(base, rounds), select(head, rounds));
        }

        private static List<JmhResult> select(List<JmhResult> results, int[] rounds) {
            return results.stream()
                    .map(r -> new JmhResult(
                            r.key(),
                            r.unit(),
                            r.score(),
                            r.scoreError(),
                            Arrays.stream(rounds).mapToObj(k -> r.samples()[k]).toArray(double[][]::new)))
                    .toList();
        }
    }

    static Result calibrate(List<List<JmhResult>> same, List<List<JmhResult>> changed, double threshold) {
        List<Trial> aa = new ArrayList<>();
        for (int i = 0; i < same.size(); i++) {
            for (int j = i + 1; j < same.size(); j++) {
                aa.add(new Trial(
                        Set.of(i, j),
                        Comparison.of(same.get(i), same.get(j), threshold).rows()));
            }
        }
        List<Trial> ab = new ArrayList<>();
        for (List<JmhResult> head : changed) {
            for (List<JmhResult> base : same) {
                ab.add(new Trial(Set.of(), Comparison.of(base, head, threshold).rows()));
            }
        }
        String sameTitle = String.format(
                Locale.ROOT,
                "## Same commit (A/A): %d runs, %d pairs, threshold %.1f%%",
                same.size(),
                aa.size(),
                threshold);
        String changedTitle = String.format(
                Locale.ROOT,
                "## Changed commit against the same-commit runs: %d runs x %d"
                        + " = %d comparisons, with the noise floors above",
                changed.size(),
                same.size(),
                ab.size());
        return report(
                aa,
                ab,
                threshold,
                sameTitle,
                "pairs",
                "pair",
                "the other " + (same.size() - 2) + " runs",
                changedTitle);
    }

    /** Interleaved runs: every choice of {@code rounds} rounds of a run is one comparison. */
    static Result calibratePaired(Sides same, List<Sides> changed, int rounds, double threshold)
            throws BadInputException {
        if (rounds < 2 || same.rounds() < 2 * rounds) {
            throw new BadInputException("--rounds " + rounds + " needs an A/A run of at least " + 2 * rounds
                    + " rounds, so that each comparison has floors from rounds it does not use; it has "
                    + same.rounds());
        }
        List<Trial> aa = new ArrayList<>();
        for (int[] choice : choices(same.rounds(), rounds)) {
            Sides s = same.select(choice);
            aa.add(new Trial(
                    Arrays.stream(choice).boxed().collect(Collectors.toSet()),
                    Comparison.of(s.base(), s.head(), threshold, NoiseFloors.NONE, true)
                            .rows()));
        }
        List<Trial> ab = new ArrayList<>();
        for (Sides run : changed) {
            if (run.rounds() < rounds) {
                throw new BadInputException(
                        "a changed run has " + run.rounds() + " rounds, fewer than --rounds " + rounds);
            }
            for (int[] choice : choices(run.rounds(), rounds)) {
                Sides s = run.select(choice);
                ab.add(new Trial(
                        Set.of(),
                        Comparison.of(s.base(), s.head(), threshold, NoiseFloors.NONE, true)
                                .rows()));
            }
        }
        String sameTitle = String.format(
                Locale.ROOT,
                "## Same build on both sides (A/A), interleaved: %d rounds, "
                        + "%d comparisons of %d rounds, threshold %.1f%%",
                same.rounds(),
                aa.size(),
                rounds,
                threshold);
        String changedTitle = String.format(
                Locale.ROOT,
                "## Changed build against the base, interleaved: %d run(s), "
                        + "%d comparisons of %d rounds, with the noise floors above",
                changed.size(),
                ab.size(),
                rounds);
        return report(
                aa,
                ab,
                threshold,
                sameTitle,
                "comparisons",
                "comparison",
                "the comparisons of the other " + (same.rounds() - rounds) + " rounds",
                changedTitle);
    }

    /** Every k-subset of 0..n-1, in lexicographic order. */
    static List<int[]> choices(int n, int k) {
        List<int[]> out = new ArrayList<>();
        int[] c = IntStream.range(0, k).toArray();
        while (true) {
            out.add(c.clone());
            int i = k - 1;
            while (i >= 0 && c[i] == n - k + i) {
                i--;
            }
            if (i < 0) {
                return out;
            }
            c[i]++;
            for (int j = i + 1; j < k; j++) {
                c[j] = c[j - 1] + 1;
            }
        }
    }

    private static Result report(
            List<Trial> aa,
            List<Trial> ab,
            double threshold,
            String sameTitle,
            String units,
            String unit,
            String others,
            String changedTitle) {
        NoiseFloors all = floors(aa, Set.of());
        // Each A/A comparison's floors, from the comparisons that share no round with it: used twice below.
        List<NoiseFloors> outOfSample =
                aa.stream().map(t -> floors(aa, t.uses())).toList();
        AaCounts counts = AaCounts.of(aa, outOfSample, threshold);
        int quietByThreshold = counts.quietByThreshold;
        int quietWithFloors = counts.quietWithFloors;
        int n = aa.size();
        StringBuilder b = new StringBuilder();
        appendSame(b, counts, all, n, sameTitle, units, unit, others);
        int failed = ab.isEmpty() ? 0 : appendChanged(b, ab, threshold, all, counts.gated, changedTitle);
        String whole = String.format(
                Locale.ROOT,
                "Same build: %d of %d comparisons flag no gated row (with floors)%s.%n%n",
                quietWithFloors,
                n,
                ab.isEmpty()
                        ? ""
                        : String.format(Locale.ROOT, "; changed: %d of %d comparisons fail", failed, ab.size()));
        Map<String, MetricTrust> metrics = byMetric(aa, outOfSample, ab, threshold, all);
        return new Result(
                b.toString(),
                all,
                n,
                quietByThreshold,
                quietWithFloors,
                ab.size(),
                failed,
                whole + byMetricTable(metrics, aa.size(), ab.size()),
                metrics);
    }

    /** The same-build section: how many comparisons stay quiet, and per row how often it was flagged. */
    private static void appendSame(
            StringBuilder b,
            AaCounts counts,
            NoiseFloors all,
            int n,
            String sameTitle,
            String units,
            String unit,
            String others) {
        b.append(sameTitle).append("\n\n");
        b.append(String.format(
                Locale.ROOT,
                "- by the threshold alone, %s that flag no gated row: **%d of %d** (%.1f%%)%n",
                units,
                counts.quietByThreshold,
                n,
                100.0 * counts.quietByThreshold / n));
        b.append(String.format(
                Locale.ROOT,
                "- with noise floors (each %s judged by the floors of %s), "
                        + "%s that flag no gated row: **%d of %d** (%.1f%%)%n%n",
                unit,
                others,
                units,
                counts.quietWithFloors,
                n,
                100.0 * counts.quietWithFloors / n));
        b.append("| row | flagged by threshold | flagged with floors | median abs. change | noise floor (largest) |\n");
        b.append("|---|---:|---:|---:|---:|\n");
        counts.flags.forEach((row, f) -> b.append(String.format(
                Locale.ROOT,
                "| %s%s | %d | %d | %.1f%% | %.1f%% |%n",
                row,
                counts.gated.get(row) ? "" : " (not gated)",
                f[0],
                f[1],
                median(counts.changes.get(row)),
                all.asMap().getOrDefault(row, 0.0))));
    }

    /** The A/A comparisons counted: how many flag no gated row, and per row how often it is flagged. */
    private static final class AaCounts {
        int quietByThreshold;
        int quietWithFloors;
        final Map<String, int[]> flags = new TreeMap<>(); // row -> {by threshold, with floors}
        final Map<String, List<Double>> changes = new TreeMap<>();
        final Map<String, Boolean> gated = new HashMap<>();

        static AaCounts of(List<Trial> aa, List<NoiseFloors> outOfSample, double threshold) {
            AaCounts c = new AaCounts();
            for (int i = 0; i < aa.size(); i++) {
                c.count(aa.get(i), outOfSample.get(i), threshold);
            }
            return c;
        }

        private void count(Trial t, NoiseFloors floors, double threshold) {
            boolean anyByThreshold = false;
            boolean anyWithFloors = false;
            for (ComparisonRow r : t.rows()) {
                String row = r.key().label();
                gated.put(row, r.gated());
                int[] f = flags.computeIfAbsent(row, k -> new int[2]);
                changes.computeIfAbsent(row, k -> new ArrayList<>()).add(Math.abs(r.changePercent()));
                // A row that is not gated is counted in the table but cannot make a false alarm.
                if (r.verdict() != Verdict.NO_CHANGE) {
                    f[0]++;
                    anyByThreshold |= r.gated();
                }
                if (judge(r, threshold, floors) != Verdict.NO_CHANGE) {
                    f[1]++;
                    anyWithFloors |= r.gated();
                }
            }
            quietByThreshold += anyByThreshold ? 0 : 1;
            quietWithFloors += anyWithFloors ? 0 : 1;
        }
    }

    /**
     * The changed comparisons' section: how many fail with the floors and by the threshold alone, which
     * gated metrics were flagged slower, and each row's median change. The number that fail with the floors.
     */
    private static int appendChanged(
            StringBuilder b,
            List<Trial> ab,
            double threshold,
            NoiseFloors all,
            Map<String, Boolean> gated,
            String changedTitle) {
        ChangedCounts c = ChangedCounts.of(ab, threshold, all);
        int failed = c.failed;
        int failedByThreshold = c.failedByThreshold;
        Map<String, int[]> slower = c.slower;
        Map<String, List<Double>> moved = c.moved;
        Map<String, Integer> byMetric = c.byMetric;
        b.append(String.format(
                Locale.ROOT,
                "%n%s%n%n- comparisons that fail (exit 1 of compare) with the floors: "
                        + "**%d of %d**; by the threshold alone: %d of %d%n%n",
                changedTitle,
                failed,
                ab.size(),
                failedByThreshold,
                ab.size()));
        // Which kind of regression the gate saw: a metric counts once a comparison, whichever of its rows it was.
        b.append("| gated metric | comparisons with a row of it flagged slower (floors) |\n|---|---:|\n");
        byMetric.forEach((m, k) -> b.append(String.format(Locale.ROOT, "| %s | %d of %d |%n", m, k, ab.size())));
        b.append('\n');
        b.append(
                "| row | median change | flagged slower by threshold | flagged slower with floors |\n|---|---:|---:|---:|\n");
        slower.forEach((row, s) -> b.append(String.format(
                Locale.ROOT,
                "| %s%s | %+.1f%% | %d of %d | %d of %d |%n",
                row,
                gated.getOrDefault(row, true) ? "" : " (not gated)",
                median(moved.get(row)),
                s[0],
                s[2],
                s[1],
                s[2])));
        return failed;
    }

    /** The changed comparisons counted: how many fail, and per row and metric how often flagged slower. */
    private static final class ChangedCounts {
        int failed;
        int failedByThreshold;
        final Map<String, int[]> slower = new TreeMap<>(); // row -> {by threshold, with floors, comparisons}
        final Map<String, List<Double>> moved = new TreeMap<>();
        final Map<String, Integer> byMetric = new TreeMap<>(); // metric -> comparisons where a row of it is slower

        static ChangedCounts of(List<Trial> ab, double threshold, NoiseFloors all) {
            ChangedCounts c = new ChangedCounts();
            ab.forEach(t -> c.count(t, threshold, all));
            return c;
        }

        private void count(Trial t, double threshold, NoiseFloors all) {
            boolean regressed = false;
            boolean regressedByThreshold = false;
            Set<String> slowerMetrics = new TreeSet<>();
            for (ComparisonRow r : t.rows()) {
                boolean byThreshold = r.verdict() == Verdict.SLOWER;
                boolean withFloors = judge(r, threshold, all) == Verdict.SLOWER;
                regressedByThreshold |= byThreshold && r.gated();
                regressed |= withFloors && r.gated();
                if (withFloors && r.gated()) {
                    slowerMetrics.add(r.key().metricName());
                }
                int[] s = slower.computeIfAbsent(r.key().label(), k -> new int[3]);
                s[0] += byThreshold ? 1 : 0;
                s[1] += withFloors ? 1 : 0;
                s[2]++;
                moved.computeIfAbsent(r.key().label(), k -> new ArrayList<>()).add(r.changePercent());
            }
            failed += regressed ? 1 : 0;
            failedByThreshold += regressedByThreshold ? 1 : 0;
            slowerMetrics.forEach(m -> byMetric.merge(m, 1, Integer::sum));
        }
    }

    /**
     * One row per metric (the score, each cost, each latency percentile), which is how far to trust each:
     * in how many A/A comparisons some row of it was flagged (a false alarm, with the floors of the
     * comparisons that share no round), and, in the changed comparisons, its rows' median changes and how
     * many of its rows were flagged slower in at least 90% of them.
     */
    private static Map<String, MetricTrust> byMetric(
            List<Trial> aa, List<NoiseFloors> outOfSample, List<Trial> ab, double threshold, NoiseFloors all) {
        Map<String, Integer> falseAlarms = new TreeMap<>();
        Map<String, Boolean> gated = new HashMap<>();
        for (int i = 0; i < aa.size(); i++) {
            Trial t = aa.get(i);
            NoiseFloors floors = outOfSample.get(i);
            Set<String> flagged = new TreeSet<>();
            for (ComparisonRow r : t.rows()) {
                String m = metricOf(r);
                gated.put(m, r.gated());
                falseAlarms.putIfAbsent(m, 0);
                if (judge(r, threshold, floors) != Verdict.NO_CHANGE) {
                    flagged.add(m);
                }
            }
            flagged.forEach(m -> falseAlarms.merge(m, 1, Integer::sum));
        }
        Map<String, Map<String, List<Double>>> moved = new TreeMap<>(); // metric -> row -> changes
        Map<String, Map<String, Integer>> slower = new TreeMap<>(); // metric -> row -> comparisons flagged slower
        Map<String, Boolean> higherIsBetter = new HashMap<>(); // row -> its direction
        for (Trial t : ab) {
            for (ComparisonRow r : t.rows()) {
                String m = metricOf(r);
                moved.computeIfAbsent(m, k -> new TreeMap<>())
                        .computeIfAbsent(r.key().label(), k -> new ArrayList<>())
                        .add(r.changePercent());
                slower.computeIfAbsent(m, k -> new TreeMap<>())
                        .merge(r.key().label(), judge(r, threshold, all) == Verdict.SLOWER ? 1 : 0, Integer::sum);
                higherIsBetter.put(r.key().label(), r.direction() == Direction.HIGHER_IS_BETTER);
            }
        }
        Map<String, MetricTrust> metrics = new TreeMap<>();
        falseAlarms.forEach((m, k) -> {
            Map<String, Double> medians = new TreeMap<>();
            Map<String, Double> slowdowns = new TreeMap<>();
            moved.getOrDefault(m, Map.of()).forEach((row, changes) -> {
                medians.put(row, median(changes));
                slowdowns.put(row, higherIsBetter.get(row) ? -median(changes) : median(changes));
            });
            Set<String> caught = new TreeSet<>();
            slower.getOrDefault(m, Map.of()).forEach((row, c) -> {
                if (c >= 0.9 * ab.size()) {
                    caught.add(row);
                }
            });
            metrics.put(m, new MetricTrust(gated.get(m), k, aa.size(), medians, slowdowns, caught));
        });
        return metrics;
    }

    /** {@link #byMetric}'s figures as the table {@code --by-metric} prints. */
    private static String byMetricTable(Map<String, MetricTrust> metrics, int same, int changed) {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT, "| metric | gated | same build: comparisons with a row of it flagged (of %d) |", same));
        b.append(
                changed == 0
                        ? "\n|---|---|---:|\n"
                        : String.format(
                                Locale.ROOT,
                                " changed: its rows' median change |"
                                        + " its rows flagged slower in ≥ 90%% of the %d changed comparisons |%n|---|---|---:|---:|---:|%n",
                                changed));
        metrics.forEach((m, t) -> {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d |", m, t.gated() ? "yes" : "no", t.falseAlarms()));
            if (changed != 0) {
                List<Double> medians =
                        t.medianChange().values().stream().sorted().toList();
                b.append(
                        medians.isEmpty()
                                ? " - | - |"
                                : String.format(
                                        Locale.ROOT,
                                        " %+.1f%% to %+.1f%% | %d of %d |",
                                        medians.get(0),
                                        medians.get(medians.size() - 1),
                                        t.caught().size(),
                                        medians.size()));
            }
            b.append('\n');
        });
        return b.toString();
    }

    private static String metricOf(ComparisonRow r) {
        return r.key().metricName();
    }

    /** The verdict of a row were its threshold its noise floor, where that is larger. */
    static Verdict judge(ComparisonRow r, double threshold, NoiseFloors floors) {
        return Comparison.verdict(r.direction(), r.ratio(), r.interval(), Math.max(threshold, floors.percent(r.key())));
    }

    /** Each row's largest absolute change over the A/A comparisons that use none of {@code excluded}. */
    private static NoiseFloors floors(List<Trial> aa, Set<Integer> excluded) {
        Map<String, Double> max = new HashMap<>();
        for (Trial t : aa) {
            if (t.uses().stream().anyMatch(excluded::contains)) {
                continue;
            }
            for (ComparisonRow r : t.rows()) {
                max.merge(r.key().label(), Math.ceil(Math.abs(r.changePercent()) * 10) / 10, Math::max);
            }
        }
        return new NoiseFloors(max);
    }

    /** The median ({@link Quantiles}); NaN for none. */
    static double median(List<Double> values) {
        return values == null ? Double.NaN : Quantiles.median(values);
    }
}
