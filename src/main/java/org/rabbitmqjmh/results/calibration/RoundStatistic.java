package org.rabbitmqjmh.results.calibration;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.CommandLine;
import org.rabbitmqjmh.results.JmhResult;
import org.rabbitmqjmh.results.Quantiles;

/**
 * {@code RoundStatistic [--metric NAME]... RUN}: would a round's median iteration, instead of its mean
 * (what JMH reports and the paired comparison takes), steady the head/base ratio from round to round? Per
 * row of an interleaved run, the sd of the log of each round's head/base ratio ({@link RoundSpread}'s
 * spread) taken both ways, and the mean ratio over the rounds both ways. A median only helps where one
 * bad iteration sets a round's mean (a stall); it cannot help where whole forks run faster or slower.
 * Prints a markdown table; exit 0, or 2 on unusable input.
 * Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.calibration.RoundStatistic results/gate/aa10}
 */
public final class RoundStatistic {

    static final String USAGE = "usage: RoundStatistic [--metric NAME]... RUN  (RUN: an interleaved run folder with "
            + "base/ and head/; --metric NAME, repeatable: only that metric's rows, score or a secondary metric)";
    private static final OptionParser PARSER = new OptionParser(false);
    private static final OptionSpec<String> METRIC = PARSER.accepts("metric").withRequiredArg();

    private RoundStatistic() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            OptionSet o = CommandLine.parse(PARSER, args, "--metric NAME", USAGE);
            if (o.nonOptionArguments().size() != 1) {
                throw new BadInputException(USAGE);
            }
            MetricChoice metrics = new MetricChoice(o.valuesOf(METRIC));
            Path run = Path.of(o.nonOptionArguments().get(0).toString());
            List<JmhResult[]> pairs = metrics.nonEmpty(RoundSpread.pairs(run, metrics::keeps), run);
            out.println("| row | params | rounds | sd of log head/base a round: round means | round medians "
                    + "| mean head/base: round means | round medians |");
            out.println("|---|---|---:|---:|---:|---:|---:|");
            for (JmhResult[] pair : pairs) {
                DescriptiveStatistics means = RoundSpread.logRatios(pair[0], pair[1]);
                DescriptiveStatistics medians = logMedianRatios(pair[0], pair[1]);
                if (means.getN() < 2) {
                    continue;
                }
                BenchmarkKey key = pair[0].key();
                out.printf(
                        Locale.ROOT,
                        "| %s | %s | %d | %.1f%% | %.1f%% | %.3f | %.3f |%n",
                        key.shortName(),
                        key.paramsLabel(),
                        means.getN(),
                        100 * means.getStandardDeviation(),
                        100 * medians.getStandardDeviation(),
                        Math.exp(means.getMean()),
                        Math.exp(medians.getMean()));
            }
            return 0;
        } catch (BadInputException e) {
            err.println("RoundStatistic: " + e.getMessage());
            return 2;
        }
    }

    /** The log of each round's head/base ratio of the rounds' median iterations, in round order. */
    static DescriptiveStatistics logMedianRatios(JmhResult base, JmhResult head) {
        double[][] b = base.samples();
        double[][] h = head.samples();
        DescriptiveStatistics logRatio = new DescriptiveStatistics();
        for (int k = 0; k < Math.min(b.length, h.length); k++) {
            logRatio.addValue(Math.log(Quantiles.median(h[k]) / Quantiles.median(b[k])));
        }
        return logRatio;
    }
}
