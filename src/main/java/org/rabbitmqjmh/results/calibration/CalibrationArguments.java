package org.rabbitmqjmh.results.calibration;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.CommandLine;
import org.rabbitmqjmh.results.JmhResult;
import org.rabbitmqjmh.results.compare.CompareArguments;

/**
 * The command line of {@code calibration}, declared once (jopt-simple). The runs before {@code --changed}
 * are the A/A runs, those after it the changed runs; options may stand on either side.
 */
record CalibrationArguments(
        double threshold,
        Path noiseFile,
        boolean paired,
        boolean byMetric,
        int rounds,
        List<String> metrics,
        List<Path> same,
        List<Path> changed) {

    static final String USAGE = "usage: calibration [--threshold PERCENT] [--write-noise FILE] [--by-metric] SAME_RUN "
            + "SAME_RUN... [--changed RUN...]  or  calibration --paired [--rounds N] [--threshold PERCENT] [--write-noise FILE] "
            + "[--by-metric] [--metric NAME]... INTERLEAVED_SAME_RUN [--changed INTERLEAVED_RUN...]  (--by-metric: one row per "
            + "metric instead of one per benchmark row; --metric NAME, repeatable: only that metric's rows, score or a "
            + "secondary metric, as if the runs held no others; --rounds: the rounds of each comparison, default "
            + Calibration.DEFAULT_ROUNDS
            + ")";
    private static final String CHANGED = "--changed";

    private static final OptionParser PARSER = new OptionParser(false);
    private static final OptionSpec<String> THRESHOLD = PARSER.accepts("threshold")
            .withRequiredArg()
            .defaultsTo(String.valueOf(CompareArguments.DEFAULT_THRESHOLD));
    private static final OptionSpec<String> NOISE =
            PARSER.accepts("write-noise").withRequiredArg();
    private static final OptionSpec<Void> PAIRED = PARSER.accepts("paired");
    private static final OptionSpec<Void> BY_METRIC = PARSER.accepts("by-metric");
    private static final OptionSpec<String> ROUNDS =
            PARSER.accepts("rounds").withRequiredArg().defaultsTo(String.valueOf(Calibration.DEFAULT_ROUNDS));
    private static final OptionSpec<String> METRIC = PARSER.accepts("metric").withRequiredArg();
    private static final String ALLOWED =
            "--threshold PERCENT, --write-noise FILE, --paired, --by-metric, --metric NAME, --rounds N, --changed RUN...";

    static CalibrationArguments parse(String... args) throws BadInputException {
        int split = Arrays.asList(args).indexOf(CHANGED);
        String[] before = split < 0 ? args : Arrays.copyOfRange(args, 0, split);
        String[] after = split < 0 ? new String[0] : Arrays.copyOfRange(args, split + 1, args.length);
        OptionSet first = CommandLine.parse(PARSER, before, ALLOWED, USAGE);
        OptionSet second = CommandLine.parse(PARSER, after, ALLOWED, USAGE);
        return new CalibrationArguments(
                CompareArguments.threshold(value(first, second, THRESHOLD)),
                either(first, second, NOISE) ? Path.of(value(first, second, NOISE)) : null,
                either(first, second, PAIRED),
                either(first, second, BY_METRIC),
                rounds(value(first, second, ROUNDS)),
                Stream.concat(first.valuesOf(METRIC).stream(), second.valuesOf(METRIC).stream())
                        .toList(),
                paths(first),
                paths(second));
    }

    /** Whether a row is one of the metrics asked for (all when none is). */
    boolean keeps(JmhResult r) {
        return metricChoice().keeps(r);
    }

    MetricChoice metricChoice() {
        return new MetricChoice(metrics);
    }

    /** An option given after --changed wins over one given before it. */
    private static String value(OptionSet first, OptionSet second, OptionSpec<String> option) {
        return second.has(option) ? second.valueOf(option) : first.valueOf(option);
    }

    private static boolean either(OptionSet first, OptionSet second, OptionSpec<?> option) {
        return first.has(option) || second.has(option);
    }

    private static List<Path> paths(OptionSet o) {
        return o.nonOptionArguments().stream().map(a -> Path.of(a.toString())).toList();
    }

    private static int rounds(String value) throws BadInputException {
        try {
            int n = Integer.parseInt(value);
            if (n >= 2) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new BadInputException("--rounds " + value + " is not a number of rounds; allowed: 2 or more; " + USAGE);
    }
}
