package org.rabbitmqjmh.results.compare;

import java.nio.file.Path;
import java.util.List;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.CommandLine;

/**
 * The command line of {@code compare}, declared once (jopt-simple) and checked: every mistake is a
 * {@link BadInputException} naming it. {@code --markdown -} prints the markdown table instead of the
 * terminal's (what a generated section of a document takes, results.Figures).
 */
public record CompareArguments(
        double thresholdPercent,
        Path markdown,
        Path noise,
        Path base,
        Path head,
        boolean help,
        boolean paired,
        String metric) {

    static final String USAGE =
            "usage: compare [--threshold PERCENT] [--noise FILE] [--markdown FILE|-] [--paired] [--metric NAME] BASE HEAD"
                    + "  (BASE, HEAD: JMH JSON files or run folders; PERCENT default 5; FILE from calibration --write-noise;"
                    + " --markdown -: the markdown table on stdout;"
                    + " --paired: BASE and HEAD are the two sides of one interleaved run, fork k against fork k;"
                    + " --metric NAME: that metric's rows only, 'score' or a secondary metric such as cost.broker.reductions)";
    public static final double DEFAULT_THRESHOLD = 5;
    /** {@code --markdown -}: the markdown goes to stdout. */
    public static final Path STDOUT = Path.of("-");

    private static final OptionParser PARSER = new OptionParser(false);
    private static final OptionSpec<String> THRESHOLD =
            PARSER.accepts("threshold").withRequiredArg().defaultsTo(String.valueOf(DEFAULT_THRESHOLD));
    private static final OptionSpec<String> NOISE = PARSER.accepts("noise").withRequiredArg();
    private static final OptionSpec<String> MARKDOWN =
            PARSER.accepts("markdown").withRequiredArg();
    private static final OptionSpec<Void> PAIRED = PARSER.accepts("paired");
    private static final OptionSpec<String> METRIC = PARSER.accepts("metric").withRequiredArg();
    private static final OptionSpec<Void> HELP =
            PARSER.acceptsAll(List.of("h", "help")).forHelp();

    static CompareArguments parse(String... args) throws BadInputException {
        OptionSet o = CommandLine.parse(
                PARSER, args, "--threshold PERCENT, --noise FILE, --markdown FILE, --paired, --metric NAME", USAGE);
        if (o.has(HELP)) {
            return new CompareArguments(DEFAULT_THRESHOLD, null, null, null, null, true, false, null);
        }
        List<?> files = o.nonOptionArguments();
        if (files.size() != 2) {
            throw new BadInputException("expected BASE and HEAD, got " + files.size() + " file argument(s); " + USAGE);
        }
        return new CompareArguments(
                threshold(o.valueOf(THRESHOLD)),
                o.has(MARKDOWN) ? Path.of(o.valueOf(MARKDOWN)) : null,
                o.has(NOISE) ? Path.of(o.valueOf(NOISE)) : null,
                Path.of(files.get(0).toString()),
                Path.of(files.get(1).toString()),
                false,
                o.has(PAIRED),
                o.valueOf(METRIC));
    }

    /** A percentage from 0 to below 100, with or without its '%'. */
    public static double threshold(String value) throws BadInputException {
        String number = value.endsWith("%") ? value.substring(0, value.length() - 1) : value;
        try {
            double t = Double.parseDouble(number);
            if (t >= 0 && t < 100) {
                return t;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new BadInputException("--threshold '" + value + "' is not a percentage from 0 to below 100, e.g. 5");
    }
}
