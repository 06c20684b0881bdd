package org.rabbitmqjmh.results.calibration;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.rabbitmqjmh.results.Numbers;

/**
 * {@code RunToRun [--metric NAME]... RUN RUN...}: do separate runs of one build differ more than their forks
 * predict? Per row found in the runs: each run's mean (of its fork means), the sd of those run means over
 * their mean (between runs), the mean over the runs of the fork-to-fork cv (within a run), what the
 * between-run sd would be were the forks the only noise (the within cv over √forks), and the ratio of the
 * two. A ratio well over 1 is noise shared by all forks of a run (its broker node, its stretch of the
 * machine's time), which an interval over one run's forks cannot see. A run may hold some rows only (a
 * JMH JSON file of one benchmark). Prints a markdown table; exit 0, or 2 on unusable input.
 * Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.calibration.RunToRun results/aa/run-against-run/same/*}
 */
public final class RunToRun {

    static final String USAGE = "usage: RunToRun [--metric NAME]... RUN RUN...  (two or more run folders or JMH JSON "
            + "files of one build; --metric NAME, repeatable: only that metric's rows, score or a secondary metric)";
    private static final OptionParser PARSER = new OptionParser(false);
    private static final OptionSpec<String> METRIC = PARSER.accepts("metric").withRequiredArg();

    private RunToRun() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            OptionSet o = CommandLine.parse(PARSER, args, "--metric NAME", USAGE);
            List<String> runs =
                    o.nonOptionArguments().stream().map(Object::toString).toList();
            if (runs.size() < 2) {
                throw new BadInputException(USAGE);
            }
            MetricChoice metrics = new MetricChoice(o.valuesOf(METRIC));
            Map<BenchmarkKey, List<JmhResult>> rows = new LinkedHashMap<>();
            for (String run : runs) {
                for (JmhResult r : metrics.rows(JmhJson.read(Path.of(run)), run)) {
                    rows.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
                }
            }
            out.println("| row | params | unit | runs | run means | between runs (sd) | within a run (fork cv) "
                    + "| between runs, if forks were the only noise | ratio |");
            out.println("|---|---|---|---:|---|---:|---:|---:|---:|");
            rows.values().stream().filter(r -> r.size() >= 2).forEach(r -> out.println(line(r)));
            return 0;
        } catch (BadInputException e) {
            err.println("RunToRun: " + e.getMessage());
            return 2;
        }
    }

    /** One row's line, over the runs that hold it. */
    private static String line(List<JmhResult> runs) {
        DescriptiveStatistics means = new DescriptiveStatistics();
        DescriptiveStatistics cvs = new DescriptiveStatistics();
        DescriptiveStatistics forks = new DescriptiveStatistics();
        List<String> shown = new ArrayList<>();
        for (JmhResult r : runs) {
            DescriptiveStatistics f = new DescriptiveStatistics(r.forkMeans());
            means.addValue(f.getMean());
            cvs.addValue(f.getStandardDeviation() / f.getMean());
            forks.addValue(f.getN());
            shown.add(Numbers.score(f.getMean()));
        }
        double between = means.getStandardDeviation() / means.getMean();
        double predicted = cvs.getMean() / Math.sqrt(forks.getMean());
        BenchmarkKey key = runs.get(0).key();
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s | %d | %s | %.1f%% | %.1f%% | %.1f%% | %.2f |",
                key.shortName(),
                key.paramsLabel(),
                runs.get(0).unit(),
                runs.size(),
                String.join(" ", shown),
                100 * between,
                100 * cvs.getMean(),
                100 * predicted,
                between / predicted);
    }
}
