package org.rabbitmqjmh.results.merge;

import java.nio.file.Path;
import java.util.List;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.CommandLine;

/** The command line of {@code WorkerMerge}, declared once (jopt-simple) and checked: every mistake is a {@link BadInputException} naming it. */
record MergeArguments(Path out, List<Path> folders, boolean help) {

    static final String USAGE = "usage: WorkerMerge [--out DIR] WORKER_DIR...  (WORKER_DIR: one worker's run folder,"
            + " one for each worker of the run; DIR default results/workers-<run id>)";

    private static final OptionParser PARSER = new OptionParser(false);
    private static final OptionSpec<String> OUT = PARSER.accepts("out").withRequiredArg();
    private static final OptionSpec<Void> HELP =
            PARSER.acceptsAll(List.of("h", "help")).forHelp();

    static MergeArguments parse(String... args) throws BadInputException {
        OptionSet o = CommandLine.parse(PARSER, args, "--out DIR", USAGE);
        if (o.has(HELP)) {
            return new MergeArguments(null, List.of(), true);
        }
        if (o.nonOptionArguments().isEmpty()) {
            throw new BadInputException("no worker folder given; " + USAGE);
        }
        return new MergeArguments(
                o.has(OUT) ? Path.of(o.valueOf(OUT)) : null,
                o.nonOptionArguments().stream().map(a -> Path.of(a.toString())).toList(),
                false);
    }
}
