package org.rabbitmqjmh.results.calibration;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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

/**
 * {@code rounds-for-floor --floor PCT RUN}: how many rounds of an interleaved A/A run's profile each row
 * would need for its noise floor over those rounds to fall to {@code PCT}, and how long they take. A
 * floor over 3 rounds is about 2.5 standard errors of a 3-round mean (results/aa/README.md), so a floor of
 * PCT needs a standard error of PCT / 2.5: rounds = (2.5 × sd / PCT)², rounded up, where sd is the sd of
 * the log of a round's head/base ratio ({@code RoundSpread}'s column). A round's time is the run's: from
 * the start in its folder's name ({@code 20261123T230759Z-41d42f4}) to the date {@code
 * environment.properties} was written at its end, over its rounds. Scores only. Prints a markdown table;
 * exit 0, or 2 on unusable input.
 * Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.calibration.RoundsForFloor --floor 6 results/aa/interleaved/same/20261123T230759Z-41d42f4}
 */
public final class RoundsForFloor {

    static final String USAGE =
            "usage: rounds-for-floor --floor PCT RUN  (RUN: an interleaved A/A run folder with base/, "
                    + "head/ and environment.properties, named by its start, 20261123T230759Z-...)";
    /** Standard errors of a 3-round mean that a 3-round floor spans, as measured in results/aa/README.md. */
    static final double STANDARD_ERRORS = 2.5;

    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final DateTimeFormatter PROPERTIES =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.ROOT);
    private static final OptionParser PARSER = new OptionParser(false);
    private static final OptionSpec<String> FLOOR = PARSER.accepts("floor").withRequiredArg();

    private RoundsForFloor() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            OptionSet o = CommandLine.parse(PARSER, args, "--floor PCT", USAGE);
            if (!o.has(FLOOR) || o.nonOptionArguments().size() != 1) {
                throw new BadInputException(USAGE);
            }
            Path run = Path.of(o.nonOptionArguments().get(0).toString());
            double floor = percent(o.valueOf(FLOOR)) / 100;
            List<JmhResult[]> pairs = RoundSpread.pairs(run, key -> key.metric().isEmpty());
            int rounds = pairs.isEmpty() ? 0 : pairs.get(0)[0].forks();
            if (rounds < 2) {
                throw new BadInputException(run + " has fewer than 2 rounds");
            }
            Duration round = runTime(run).dividedBy(rounds);
            out.printf(
                    Locale.ROOT,
                    "| benchmark | params | round-to-round sd | rounds for a %s%% floor | time for those "
                            + "rounds of the whole profile, both sides |%n|---|---|---:|---:|---:|%n",
                    o.valueOf(FLOOR));
            for (JmhResult[] pair : pairs) {
                DescriptiveStatistics log = RoundSpread.logRatios(pair[0], pair[1]);
                double sd = log.getStandardDeviation();
                long needed = roundsFor(sd, floor);
                BenchmarkKey key = pair[0].key();
                out.printf(
                        Locale.ROOT,
                        "| %s | %s | %.1f%% | %d | %s |%n",
                        key.shortName(),
                        key.paramsLabel(),
                        100 * sd,
                        needed,
                        minutes(round.multipliedBy(needed)));
            }
            out.printf(
                    Locale.ROOT,
                    "%nA round took %d s: the run's %d rounds in %s.%n",
                    Math.round(round.toMillis() / 1000.0),
                    rounds,
                    minutes(round.multipliedBy(rounds)));
            return 0;
        } catch (BadInputException e) {
            err.println("rounds-for-floor: " + e.getMessage());
            return 2;
        }
    }

    private static double percent(String text) throws BadInputException {
        try {
            double v = Double.parseDouble(text);
            if (v > 0 && v < 100) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadInputException("--floor '" + text + "' is not a percentage above 0; " + USAGE);
    }

    /** (2.5 × sd / floor)², rounded up. */
    static long roundsFor(double sd, double floor) {
        double r = STANDARD_ERRORS * sd / floor;
        return (long) Math.ceil(r * r - 1e-9);
    }

    static String minutes(Duration d) {
        long m = Math.round(d.toSeconds() / 60.0);
        return m < 60 ? m + " min" : m / 60 + " h " + m % 60 + " min";
    }

    /** From the start in the folder's name to the date written at the top of its environment.properties. */
    private static Duration runTime(Path run) throws BadInputException {
        String name = run.toAbsolutePath().normalize().getFileName().toString();
        Path props = run.resolve("environment.properties");
        try {
            LocalDateTime start = LocalDateTime.parse(name.substring(0, Math.min(16, name.length())), FOLDER);
            String date = Files.readAllLines(props, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("#") && !l.startsWith("#rabbitmq-jmh"))
                    .findFirst()
                    .orElseThrow(() -> new BadInputException(props + " has no date line"))
                    .substring(1)
                    .trim();
            LocalDateTime end = ZonedDateTime.parse(date, PROPERTIES).toLocalDateTime();
            return Duration.between(start, end);
        } catch (DateTimeParseException e) {
            throw new BadInputException(
                    "cannot read the run's start and end from " + name + " and " + props + ": " + e.getMessage());
        } catch (IOException e) {
            throw new BadInputException("cannot read " + props + ": " + e.getMessage());
        }
    }
}
