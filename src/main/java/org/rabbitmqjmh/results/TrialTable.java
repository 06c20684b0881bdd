package org.rabbitmqjmh.results;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.rabbitmqjmh.profilers.CostMetric;

/**
 * {@code TrialTable RUN... [--metric NAME]...}: one row per trial of a run, for a document's generated
 * section: the trial named by the params that differ between its trials (the rest are said once, above
 * the table), the score and, where the trial ran several forks or rounds ({@link RoundMerge}), the
 * smallest and largest fork mean; its cost per message; its latency p50/p99; and the secondary metrics
 * asked for with {@code --metric}. A column no trial has data for is left out. Several RUNs make one
 * table, a later RUN's trial replacing an earlier one's of the same name (a run redone in part). Exit 0,
 * or 2 with one line.
 */
public final class TrialTable {

    static final String USAGE = "usage: TrialTable RUN... [--metric NAME]...  (RUN: a run folder or a JMH JSON file, "
            + "a later one's trials replacing an earlier one's of the same name; "
            + "--metric: a secondary metric's column, e.g. filter.share)";
    private static final OptionParser PARSER = new OptionParser(false);
    private static final OptionSpec<String> METRIC = PARSER.accepts("metric").withRequiredArg();

    private TrialTable() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            OptionSet o = CommandLine.parse(PARSER, args, "--metric NAME", USAGE);
            if (o.nonOptionArguments().isEmpty()) {
                throw new BadInputException("expected a RUN; " + USAGE);
            }
            List<List<JmhResult>> runs = new ArrayList<>();
            for (Object run : o.nonOptionArguments()) {
                runs.add(JmhJson.read(Path.of(run.toString()), m -> true));
            }
            out.print(markdown(runs, o.valuesOf(METRIC)));
            return 0;
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    static String markdown(List<List<JmhResult>> runs, List<String> metrics) throws BadInputException {
        Map<BenchmarkKey, Map<String, JmhResult>> trials = new LinkedHashMap<>();
        for (List<JmhResult> run : runs) {
            Map<BenchmarkKey, Map<String, JmhResult>> ofRun = new LinkedHashMap<>();
            for (JmhResult r : run) {
                ofRun.computeIfAbsent(RunSummary.trialOf(r.key()), x -> new LinkedHashMap<>())
                        .put(r.key().metric(), r);
            }
            trials.putAll(ofRun);
        }
        if (trials.isEmpty()) {
            throw new BadInputException("the run has no trials");
        }
        Set<String> varying = varying(trials.keySet());
        List<String> header = new ArrayList<>(List.of(
                "trial",
                "score>",
                "forks: min–max>",
                "client Java CPU µs/msg>",
                "broker CPU µs/msg>",
                "alloc B/msg>",
                "latency p50 / p99 µs>"));
        metrics.forEach(m -> header.add(m + ">"));
        Table t = new Table(header.toArray(String[]::new));
        trials.forEach((trial, m) -> t.add(row(trial, m, varying, metrics).toArray(String[]::new)));
        return fixed(trials.keySet(), varying) + "\n" + t.withoutEmptyColumns().toMarkdown();
    }

    private static List<String> row(
            BenchmarkKey trial, Map<String, JmhResult> m, Set<String> varying, List<String> metrics) {
        JmhResult score = m.get("");
        String label = trial.shortName() + " "
                + trial.params().entrySet().stream()
                        .filter(e -> varying.contains(e.getKey()))
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" "));
        List<String> cells = new ArrayList<>(List.of(
                label.strip(),
                score == null ? "-" : Numbers.score(score.score()) + " " + score.unit(),
                spread(score),
                scaled(m.get(CostMetric.CLIENT_CPU_JAVA.metric()), 1e-3),
                scaled(m.get(CostMetric.BROKER_CPU.metric()), 1e-3),
                scaled(m.get(CostMetric.CLIENT_ALLOC.metric()), 1),
                RunSummary.latency(m, false)));
        metrics.forEach(name -> cells.add(scaled(m.get(name), 1)));
        return cells;
    }

    /** The params that take more than one value among the trials: the ones a row is named by. */
    private static Set<String> varying(Set<BenchmarkKey> trials) {
        Map<String, Set<String>> values = new TreeMap<>();
        trials.forEach(t -> t.params()
                .forEach((k, v) ->
                        values.computeIfAbsent(k, x -> new HashSet<>()).add(v)));
        return values.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** The params every trial shares, said once. */
    private static String fixed(Set<BenchmarkKey> trials, Set<String> varying) {
        String shared = trials.iterator().next().params().entrySet().stream()
                .filter(e -> !varying.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        return shared.isEmpty() ? "" : "Every trial: " + shared + ".\n";
    }

    private static String spread(JmhResult score) {
        if (score == null || score.forks() < 2) {
            return "-";
        }
        double[] means = score.forkMeans();
        return score.forks() + ": " + Numbers.score(Arrays.stream(means).min().orElse(Double.NaN)) + "–"
                + Numbers.score(Arrays.stream(means).max().orElse(Double.NaN));
    }

    private static String scaled(JmhResult r, double scale) {
        return r == null || Double.isNaN(r.score()) ? "-" : Numbers.score(r.score() * scale);
    }
}
