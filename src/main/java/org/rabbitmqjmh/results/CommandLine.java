package org.rabbitmqjmh.results;

import joptsimple.OptionException;
import joptsimple.OptionParser;
import joptsimple.OptionSet;

/** How the results programs read a command line declared with jopt-simple: a mistake is one line naming it. */
public final class CommandLine {

    private CommandLine() {}

    /**
     * Parses {@code args}; an unknown option or one missing its value is a {@link BadInputException} that
     * names it, then the {@code allowed} options and the {@code usage}.
     */
    public static OptionSet parse(OptionParser parser, String[] args, String allowed, String usage)
            throws BadInputException {
        try {
            synchronized (parser) { // the programs keep one parser each, and jopt-simple's keeps state while it parses
                return parser.parse(args);
            }
        } catch (OptionException e) {
            String option = e.options().isEmpty() ? "" : e.options().iterator().next();
            String dashed = (option.length() == 1 ? "-" : "--") + option;
            String problem = e.getClass().getSimpleName().startsWith("Unrecognized")
                    ? "unknown option '" + dashed + "'"
                    : dashed + " needs a value";
            throw new BadInputException(problem + "; allowed: " + allowed + "; " + usage);
        }
    }
}
