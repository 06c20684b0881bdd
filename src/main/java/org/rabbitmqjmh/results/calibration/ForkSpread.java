package org.rabbitmqjmh.results.calibration;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.CommandLine;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;
import org.rabbitmqjmh.results.Numbers;

/**
 * {@code spread RUN}: how much each row of a run, the score and each cost per message, moves from fork
 * to fork, and what that means for a gate. A fork's figure is the mean of its measurement iterations;
 * the row's coefficient of variation (cv) is the standard deviation of the fork means over their mean.
 * A one-sided test at 5% false alarms and 80% power needs about 12.4 (cv / change)² forks per side to
 * see a change ({@link #forksToSee}): the column for 10% says whether the quick profile's forks can.
 * A cv from few forks is itself uncertain (about a third at 5 forks): judge levers on 10 and more.
 *
 * <p>An interleaved run ({@code --against}, a folder with {@code base/} and {@code head/}) is how a lever
 * is judged: both sides' cv, the head's mean over the base's (what the lever changes in what is
 * measured), and the two-sided p-value of an F test that the two sides' fork means spread alike (the
 * ratio of their variances, relative to their means); a lever lowers the noise only where the head's cv
 * is lower and p is small.
 *
 * <p>{@code --summarize RUN} sums a one-sided run up: per metric, over how many rows, and the lowest,
 * median and highest cv (what a README says of a run's fork-to-fork spread). {@code --metric NAME}
 * keeps that metric's rows only ({@code score} or a secondary metric; repeatable).
 *
 * <p>{@code ForkSpread [--metric NAME]... LABEL=RUN[,RUN...] ...} sets runs side by side (one side each, e.g.
 * a morning's run against an afternoon's on another host): per row of the first run, each run's mean and
 * cv; a group of several runs (e.g. a machine set up two ways) gives each run's mean and their mean cv.
 *
 * <p>Prints a markdown table; exit 0, or 2 on unusable input. Run:
 * {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.calibration.ForkSpread results/<run>}
 */
public final class ForkSpread {

    static final String USAGE =
            "usage: spread [--summarize] RUN  or  spread LABEL=RUN[,RUN...] ...  (a run folder or a "
                    + "JMH JSON file with several forks, or an interleaved run folder with base/ and head/; --summarize: per "
                    + "metric, the lowest, median and highest cv over the run's rows; LABEL=RUN...: the runs' means and cvs side "
                    + "by side, a group of several runs with each run's mean and their mean cv; --metric NAME, repeatable: only that metric's rows, score or a secondary metric)";
    private static final OptionParser PARSER = new OptionParser(false);
    private static final OptionSpec<Void> SUMMARIZE = PARSER.accepts("summarize");
    private static final OptionSpec<String> METRIC = PARSER.accepts("metric").withRequiredArg();

    private ForkSpread() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            OptionSet o = CommandLine.parse(PARSER, args, "--summarize, --metric NAME", USAGE);
            List<String> given =
                    o.nonOptionArguments().stream().map(Object::toString).toList();
            MetricChoice kept = new MetricChoice(o.valuesOf(METRIC));
            if (!given.isEmpty() && given.get(0).contains("=") && !o.has(SUMMARIZE)) {
                sideBySide(given, kept, out);
                return 0;
            }
            if (given.size() != 1) {
                throw new BadInputException(USAGE);
            }
            Path run = Path.of(given.get(0));
            if (o.has(SUMMARIZE)) {
                summarize(kept.rows(JmhJson.read(run), run), out);
            } else if (Files.isDirectory(run.resolve("base")) && Files.isDirectory(run.resolve("head"))) {
                sides(kept.rows(JmhJson.read(run.resolve("base")), run), JmhJson.read(run.resolve("head")), out);
            } else {
                one(kept.rows(JmhJson.read(run), run), out);
            }
        } catch (BadInputException e) {
            err.println("spread: " + e.getMessage());
            return 2;
        }
        return 0;
    }

    private static void one(List<JmhResult> rows, PrintStream out) {
        out.println("| benchmark | params | unit | mean | forks | cv | forks per side to see 10% |");
        out.println("|---|---|---|---:|---:|---:|---:|");
        for (JmhResult r : rows) {
            DescriptiveStatistics s = forkMeans(r);
            if (s.getN() < 2) {
                continue;
            }
            double cv = cv(s);
            out.printf(
                    "| %s | %s | %s | %s | %d | %.1f%% | %s |%n",
                    r.key().shortName(),
                    r.key().paramsLabel(),
                    r.unit(),
                    Numbers.score(s.getMean()),
                    s.getN(),
                    100 * cv,
                    Long.toString(Math.round(Math.ceil(forksToSee(cv, 0.10)))));
        }
    }

    /** Per metric (the score, then each cost or latency): over how many rows, and the lowest, median, highest cv. */
    private static void summarize(List<JmhResult> rows, PrintStream out) {
        Map<String, DescriptiveStatistics> byMetric = new TreeMap<>(
                Comparator.comparing((String m) -> !m.equals("score")).thenComparing(m -> m));
        for (JmhResult r : rows) {
            DescriptiveStatistics s = forkMeans(r);
            if (s.getN() >= 2) {
                byMetric.computeIfAbsent(r.key().metricName(), m -> new DescriptiveStatistics())
                        .addValue(100 * cv(s));
            }
        }
        out.println("| metric | rows | cv lowest | cv median | cv highest |");
        out.println("|---|---:|---:|---:|---:|");
        byMetric.forEach((m, s) -> out.printf(
                Locale.ROOT,
                "| %s | %d | %.1f%% | %.1f%% | %.1f%% |%n",
                m,
                s.getN(),
                s.getMin(),
                s.getPercentile(50),
                s.getMax()));
    }

    /**
     * Runs side by side: per row of the first group, each group's mean and cv ("-" where it lacks the row).
     * A group of several runs shows each run's mean and the mean of the runs' cvs (the fork-to-fork spread
     * of one run, averaged; the means show the run-to-run spread).
     */
    private static void sideBySide(List<String> labelled, MetricChoice kept, PrintStream out) throws BadInputException {
        Map<String, List<Map<BenchmarkKey, JmhResult>>> groups = new LinkedHashMap<>();
        for (String arg : labelled) {
            String[] parts = arg.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new BadInputException("'" + arg + "' is not LABEL=RUN[,RUN...]; " + USAGE);
            }
            List<Map<BenchmarkKey, JmhResult>> runs = new ArrayList<>();
            for (String run : parts[1].split(",")) {
                Map<BenchmarkKey, JmhResult> rows = new LinkedHashMap<>();
                kept.rows(JmhJson.read(Path.of(run)), run).forEach(r -> rows.put(r.key(), r));
                runs.add(rows);
            }
            groups.put(parts[0], runs);
        }
        StringBuilder header = new StringBuilder("| row | params | unit |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        groups.keySet().forEach(label -> {
            header.append(' ').append(label).append(": mean | cv |");
            rule.append("---:|---:|");
        });
        out.println(header);
        out.println(rule);
        for (JmhResult first : groups.values().iterator().next().get(0).values()) {
            StringBuilder line = new StringBuilder(String.format(
                    "| %s | %s | %s |", first.key().shortName(), first.key().paramsLabel(), first.unit()));
            groups.values().forEach(runs -> line.append(groupCells(runs, first.key())));
            out.println(line);
        }
    }

    /** One group's cells for a row: each run's mean, and the mean of the runs' cvs. */
    private static String groupCells(List<Map<BenchmarkKey, JmhResult>> runs, BenchmarkKey key) {
        List<String> means = new ArrayList<>();
        DescriptiveStatistics cvs = new DescriptiveStatistics();
        for (Map<BenchmarkKey, JmhResult> rows : runs) {
            DescriptiveStatistics s = rows.containsKey(key) ? forkMeans(rows.get(key)) : new DescriptiveStatistics();
            if (s.getN() >= 2) {
                means.add(Numbers.score(s.getMean()));
                cvs.addValue(cv(s));
            }
        }
        return means.isEmpty()
                ? " - | - |"
                : String.format(Locale.ROOT, " %s | %.1f%% |", String.join(" ", means), 100 * cvs.getMean());
    }

    private static void sides(List<JmhResult> base, List<JmhResult> head, PrintStream out) {
        Map<BenchmarkKey, JmhResult> heads = new HashMap<>();
        head.forEach(h -> heads.put(h.key(), h));
        out.println(
                "| benchmark | params | unit | base mean | head/base | forks | cv base | cv head | p (same spread) |");
        out.println("|---|---|---|---:|---:|---:|---:|---:|---:|");
        for (JmhResult b : base) {
            JmhResult h = heads.get(b.key());
            if (h == null) {
                continue;
            }
            DescriptiveStatistics sb = forkMeans(b);
            DescriptiveStatistics sh = forkMeans(h);
            if (sb.getN() < 2 || sh.getN() < 2) {
                continue;
            }
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %.3f | %d + %d | %.1f%% | %.1f%% | %.2f |%n",
                    b.key().shortName(),
                    b.key().paramsLabel(),
                    b.unit(),
                    Numbers.score(sb.getMean()),
                    sh.getMean() / sb.getMean(),
                    sb.getN(),
                    sh.getN(),
                    100 * cv(sb),
                    100 * cv(sh),
                    sameSpreadP(sb, sh));
        }
    }

    /**
     * Two-sided p-value of the F test that two sets of fork means have the same relative variance (each
     * scaled by its mean, so that a lever that moves the level is judged on its spread alone).
     */
    static double sameSpreadP(DescriptiveStatistics a, DescriptiveStatistics b) {
        double ratio = (cv(b) * cv(b)) / (cv(a) * cv(a));
        if (!Double.isFinite(ratio)) {
            return Double.NaN;
        }
        FDistribution f = new FDistribution(b.getN() - 1, a.getN() - 1);
        double lower = f.cumulativeProbability(ratio);
        return Math.min(1, 2 * Math.min(lower, 1 - lower));
    }

    private static DescriptiveStatistics forkMeans(JmhResult r) {
        return new DescriptiveStatistics(r.forkMeans());
    }

    private static double cv(DescriptiveStatistics s) {
        return s.getStandardDeviation() / s.getMean();
    }

    /** Forks per side for a one-sided test at 5% false alarms and 80% power: 2 (1.645 + 0.842)² (cv / change)². */
    static double forksToSee(double cv, double change) {
        double z = 1.6449 + 0.8416;
        return 2 * z * z * (cv / change) * (cv / change);
    }
}
