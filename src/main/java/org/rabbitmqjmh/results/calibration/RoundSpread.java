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
import java.util.function.Predicate;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.CommandLine;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;
import org.rabbitmqjmh.results.Numbers;

/**
 * How the head/base ratio of interleaved runs ({@code --against}, with or without {@code --duet}; fork k
 * of each side is round k) moves from round to round: the sd of the log of each round's head/base ratio of
 * fork means, what a paired comparison's interval is made of (a 3-round paired interval needs about 3% to
 * see a 10% change). Two views:
 * <ul>
 *   <li>{@code RoundSpread RUN [--match TEXT] --each}: one run, row by row, each round's head/base ratio
 *       (which rounds moved, where the spread says only how much);</li>
 *   <li>{@code RoundSpread RUN [--match TEXT]}: one run, row by row, with the lowest and highest single
 *       measurement iteration over both sides and how many lie above twice the row's median iteration (a
 *       stall: an iteration the rest of its row does not explain); {@code --match} keeps the rows whose
 *       benchmark and params contain TEXT;</li>
 *   <li>{@code RoundSpread [--metric NAME]... LABEL=RUN[,RUN...] ...}: groups of runs side by side (duet
 *       against sequential rounds), each pooling its runs' rounds, for the score and the CPU per message
 *       by default; beside the sd, the mean ratio of rounds 1, 3, 5, ... and of rounds 2, 4, 6, ... of each
 *       run. In a duet the head has the second CPU set in the first kind and the first set in the second
 *       ({@code run.Duet}), so the two means differ by what the CPU sets differ by; in a sequential run,
 *       by which side went first.</li>
 * </ul>
 * Prints a markdown table; exit 0, or 2 on unusable input.
 * Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.calibration.RoundSpread results/<run>}
 */
public final class RoundSpread {

    static final String USAGE = "usage: round-spread RUN [--match TEXT] [--each]  or  round-spread [--metric NAME]... "
            + "LABEL=RUN[,RUN...] ...  (RUN: an interleaved run folder with base/ and head/; NAME: score or a secondary "
            + "metric, default score, cost.client.cpu and cost.broker.cpu; --each: each round's head/base instead of the "
            + "spread)";
    private static final List<String> DEFAULT_METRICS = List.of("score", "cost.client.cpu", "cost.broker.cpu");
    private static final OptionParser PARSER = new OptionParser(false);
    private static final OptionSpec<String> MATCH = PARSER.accepts("match").withRequiredArg();
    private static final OptionSpec<String> METRIC = PARSER.accepts("metric").withRequiredArg();
    private static final OptionSpec<Void> EACH = PARSER.accepts("each");

    private RoundSpread() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            OptionSet o = CommandLine.parse(PARSER, args, "--match TEXT, --metric NAME, --each", USAGE);
            List<String> given =
                    o.nonOptionArguments().stream().map(Object::toString).toList();
            if (given.size() == 1 && !given.get(0).contains("=") && !o.has(METRIC) && o.has(EACH)) {
                eachRound(Path.of(given.get(0)), o.valueOf(MATCH), out);
            } else if (given.size() == 1 && !given.get(0).contains("=") && !o.has(METRIC)) {
                oneRun(Path.of(given.get(0)), o.valueOf(MATCH), out);
            } else if (!given.isEmpty() && !o.has(MATCH)) {
                groups(given, new MetricChoice(o.has(METRIC) ? o.valuesOf(METRIC) : DEFAULT_METRICS), out);
            } else {
                throw new BadInputException(USAGE);
            }
            return 0;
        } catch (BadInputException e) {
            err.println("round-spread: " + e.getMessage());
            return 2;
        }
    }

    /** One run, row by row: the spread, the extreme iterations, the stalls. */
    private static void oneRun(Path run, String match, PrintStream out) throws BadInputException {
        List<JmhResult[]> pairs =
                pairs(run, key -> match == null || key.nameAndParams().contains(match));
        out.println("| benchmark | params | unit | rounds | sd of log head/base a round | lowest iteration "
                + "| highest iteration | iterations over 2x the median |");
        out.println("|---|---|---|---:|---:|---:|---:|---:|");
        for (JmhResult[] pair : pairs) {
            DescriptiveStatistics logRatio = logRatios(pair[0], pair[1]);
            if (logRatio.getN() < 2) {
                continue;
            }
            DescriptiveStatistics iterations = new DescriptiveStatistics();
            for (JmhResult side : pair) {
                Arrays.stream(side.samples()).flatMapToDouble(Arrays::stream).forEach(iterations::addValue);
            }
            double median = iterations.getPercentile(50);
            long stalls = Arrays.stream(iterations.getValues())
                    .filter(v -> v > 2 * median)
                    .count();
            BenchmarkKey key = pair[0].key();
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %d | %.1f%% | %s | %s | %d |%n",
                    key.shortName(),
                    key.paramsLabel(),
                    pair[0].unit(),
                    logRatio.getN(),
                    100 * logRatio.getStandardDeviation(),
                    Numbers.score(iterations.getMin()),
                    Numbers.score(iterations.getMax()),
                    stalls);
        }
    }

    /** One run, row by row: each round's head/base ratio of fork means, in round order. */
    private static void eachRound(Path run, String match, PrintStream out) throws BadInputException {
        out.println("| benchmark | params | unit | head/base, round 1, 2, ... |");
        out.println("|---|---|---|---|");
        for (JmhResult[] pair :
                pairs(run, key -> match == null || key.nameAndParams().contains(match))) {
            BenchmarkKey key = pair[0].key();
            out.printf(
                    "| %s | %s | %s | %s |%n",
                    key.shortName(),
                    key.paramsLabel(),
                    pair[0].unit(),
                    String.join(
                            " ",
                            Arrays.stream(logRatios(pair[0], pair[1]).getValues())
                                    .mapToObj(l -> String.format(Locale.ROOT, "%.2f", Math.exp(l)))
                                    .toList()));
        }
    }

    /** Groups of runs side by side, each pooling its runs' rounds, per row and metric. */
    private static void groups(List<String> labelled, MetricChoice metrics, PrintStream out) throws BadInputException {
        Map<String, Map<BenchmarkKey, List<DescriptiveStatistics>>> groups = new LinkedHashMap<>();
        for (String arg : labelled) {
            String[] parts = arg.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new BadInputException("'" + arg + "' is not LABEL=RUN[,RUN...]; " + USAGE);
            }
            Map<BenchmarkKey, List<DescriptiveStatistics>> rows = new LinkedHashMap<>();
            for (String run : parts[1].split(",")) {
                for (JmhResult[] pair : metrics.nonEmpty(pairs(Path.of(run), metrics::keeps), run)) {
                    rows.computeIfAbsent(pair[0].key(), k -> new ArrayList<>()).add(logRatios(pair[0], pair[1]));
                }
            }
            groups.put(parts[0], rows);
        }
        StringBuilder header = new StringBuilder("| row | params |");
        StringBuilder rule = new StringBuilder("| --- | --- |");
        for (String label : groups.keySet()) {
            header.append(' ')
                    .append(label)
                    .append(": rounds | sd of log head/base a round | mean head/base, rounds 1, 3, "
                            + "... | 2, 4, ... |");
            rule.append(" ---: | ---: | ---: | ---: |");
        }
        out.println(header);
        out.println(rule);
        for (BenchmarkKey key : groups.values().iterator().next().keySet()) {
            StringBuilder line = new StringBuilder("| " + key.shortName() + " | " + key.paramsLabel() + " |");
            for (Map<BenchmarkKey, List<DescriptiveStatistics>> rows : groups.values()) {
                DescriptiveStatistics all = new DescriptiveStatistics();
                DescriptiveStatistics first = new DescriptiveStatistics(); // rounds 1, 3, 5, ... of each run
                DescriptiveStatistics second = new DescriptiveStatistics(); // rounds 2, 4, 6, ...
                for (DescriptiveStatistics run : rows.getOrDefault(key, List.of())) {
                    for (int k = 0; k < run.getN(); k++) {
                        all.addValue(run.getElement(k));
                        (k % 2 == 0 ? first : second).addValue(Math.exp(run.getElement(k)));
                    }
                }
                line.append(String.format(
                        Locale.ROOT,
                        " %d | %s | %s | %s |",
                        all.getN(),
                        all.getN() < 2 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * all.getStandardDeviation()),
                        mean(first),
                        mean(second)));
            }
            out.println(line);
        }
    }

    /** The rows of both sides of an interleaved run that {@code keep} accepts: base, head. */
    static List<JmhResult[]> pairs(Path run, Predicate<BenchmarkKey> keep) throws BadInputException {
        if (!Files.isDirectory(run.resolve("base")) || !Files.isDirectory(run.resolve("head"))) {
            throw new BadInputException(run + " has no base/ and head/ (an interleaved run)");
        }
        Map<BenchmarkKey, JmhResult> heads = new LinkedHashMap<>();
        JmhJson.read(run.resolve("head")).forEach(h -> heads.put(h.key(), h));
        List<JmhResult[]> pairs = new ArrayList<>();
        for (JmhResult base : JmhJson.read(run.resolve("base"))) {
            JmhResult head = heads.get(base.key());
            if (head != null && keep.test(base.key())) {
                pairs.add(new JmhResult[] {base, head});
            }
        }
        return pairs;
    }

    /** The log of each round's head/base ratio of fork means, in round order. */
    static DescriptiveStatistics logRatios(JmhResult base, JmhResult head) {
        double[] b = base.forkMeans();
        double[] h = head.forkMeans();
        DescriptiveStatistics logRatio = new DescriptiveStatistics();
        for (int k = 0; k < Math.min(b.length, h.length); k++) {
            logRatio.addValue(Math.log(h[k] / b[k]));
        }
        return logRatio;
    }

    private static String mean(DescriptiveStatistics s) {
        return s.getN() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", s.getMean());
    }
}
