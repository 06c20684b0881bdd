package org.rabbitmqjmh.perftest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import joptsimple.OptionException;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.rabbitmqjmh.programs.UsageException;

/**
 * The side-by-side's command line, parsed and checked before anything starts: a wrong value is one line
 * naming it and what is allowed ({@link UsageException}, exit 2).
 *
 * @param out null: a new run folder under results/
 */
record SideBySideSettings(
        String perfTestClasspath,
        int rounds,
        int seconds,
        int warmup,
        Path out,
        List<Scenario> scenarios,
        boolean help) {

    static final int DEFAULT_ROUNDS = 6;
    static final int DEFAULT_SECONDS = 15;
    static final int DEFAULT_WARMUP = 10;
    static final String USAGE = "usage: SideBySide --perftest-classpath CP [--rounds N (>= 2, default 6)] "
            + "[--seconds N (measured seconds per side, >= 1, default 15)] [--warmup N (seconds dropped on both sides, "
            + ">= 0, default 10)] [--out DIR] [--scenario NAME ...]; scenarios: " + Scenario.ALLOWED;

    static SideBySideSettings parse(String... args) {
        OptionParser parser = new OptionParser(false);
        OptionSpec<String> classpath = parser.accepts("perftest-classpath").withRequiredArg();
        OptionSpec<String> rounds = parser.accepts("rounds").withRequiredArg();
        OptionSpec<String> seconds = parser.accepts("seconds").withRequiredArg();
        OptionSpec<String> warmup = parser.accepts("warmup").withRequiredArg();
        OptionSpec<String> out = parser.accepts("out").withRequiredArg();
        OptionSpec<String> scenario = parser.accepts("scenario").withRequiredArg();
        parser.accepts("help");
        OptionSet options;
        try {
            options = parser.parse(args);
        } catch (OptionException e) {
            throw new UsageException(e.getMessage() + "; " + USAGE);
        }
        if (options.has("help")) {
            return new SideBySideSettings(null, DEFAULT_ROUNDS, DEFAULT_SECONDS, DEFAULT_WARMUP, null, List.of(), true);
        }
        if (!options.nonOptionArguments().isEmpty()) {
            throw new UsageException(
                    "unexpected argument '" + options.nonOptionArguments().get(0) + "'; " + USAGE);
        }
        for (OptionSpec<String> once : List.of(classpath, rounds, seconds, warmup, out)) {
            if (options.valuesOf(once).size() > 1) {
                throw new UsageException("--" + once.options().get(0) + " is given "
                        + options.valuesOf(once).size() + " times; once is allowed");
            }
        }
        if (!options.has(classpath) || options.valueOf(classpath).isBlank()) {
            throw new UsageException(
                    "--perftest-classpath is required (the classpath of com.rabbitmq:perf-test); " + USAGE);
        }
        Set<Scenario> chosen = new LinkedHashSet<>();
        try {
            options.valuesOf(scenario).forEach(s -> chosen.add(Scenario.parse(s)));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--scenario: " + e.getMessage());
        }
        List<Scenario> scenarios = chosen.isEmpty() ? Arrays.asList(Scenario.values()) : new ArrayList<>(chosen);
        // In the enum's order, whatever the command line's: a scenario's place decides which side goes first.
        scenarios.sort(null);
        return new SideBySideSettings(
                options.valueOf(classpath),
                number(options, rounds, DEFAULT_ROUNDS, 2, "a median ratio and its interval need at least 2 rounds"),
                number(options, seconds, DEFAULT_SECONDS, 1, "measured seconds per side"),
                number(options, warmup, DEFAULT_WARMUP, 0, "seconds dropped on both sides"),
                options.has(out) ? Path.of(options.valueOf(out)) : null,
                List.copyOf(scenarios),
                false);
    }

    private static int number(OptionSet options, OptionSpec<String> spec, int fallback, int min, String what) {
        if (!options.has(spec)) {
            return fallback;
        }
        String value = options.valueOf(spec);
        String name = "--" + spec.options().get(0);
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new UsageException(name + " " + value + " is not allowed (" + what + "); allowed: an integer >= " + min
                + ", default " + fallback);
    }
}
