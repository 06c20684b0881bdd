package org.rabbitmqjmh.results.calibration;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.CommandLine;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;
import org.rabbitmqjmh.results.Numbers;
import org.rabbitmqjmh.results.Quantiles;

/**
 * {@code stalls --match TEXT LABEL=RUN...}: the stalls of one row in interleaved runs, iteration by
 * iteration: every measured iteration, of either side, whose broker CPU per message is over twice the
 * median of the row's iterations in that run (the count {@code RoundSpread} gives), with its rate, and
 * the lowest and highest broker CPU of the run's other iterations to set it against. Prints a markdown
 * table; exit 0, or 2 on unusable input.
 * Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.calibration.Stalls --match queueType=quorum 4-dec=results/gate/user-cpu/aa10}
 */
public final class Stalls {

    static final String USAGE = "usage: stalls --match TEXT LABEL=RUN...  (RUN: an interleaved run folder with base/ "
            + "and head/; TEXT: picks the one row, e.g. queueType=quorum)";
    private static final String BROKER_CPU = "cost.broker.cpu";
    private static final OptionParser PARSER = new OptionParser(false);
    private static final OptionSpec<String> MATCH = PARSER.accepts("match").withRequiredArg();

    private Stalls() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            OptionSet o = CommandLine.parse(PARSER, args, "--match TEXT", USAGE);
            if (!o.has(MATCH) || o.nonOptionArguments().isEmpty()) {
                throw new BadInputException(USAGE);
            }
            StringBuilder b = new StringBuilder("| run | side | round | iteration | score (ops/s) | " + BROKER_CPU
                    + " (ns/msg) | the run's other iterations: " + BROKER_CPU + " lowest | highest |\n"
                    + "|---|---|---:|---:|---:|---:|---:|---:|\n");
            for (Object arg : o.nonOptionArguments()) {
                String[] parts = arg.toString().split("=", 2);
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw new BadInputException("'" + arg + "' is not LABEL=RUN; " + USAGE);
                }
                b.append(stalls(parts[0], Path.of(parts[1]), o.valueOf(MATCH)));
            }
            out.print(b);
            return 0;
        } catch (BadInputException e) {
            err.println("stalls: " + e.getMessage());
            return 2;
        }
    }

    /** One iteration: where it ran and what it measured. */
    private record Iteration(String side, int round, int iteration, double score, double brokerCpu) {}

    private static String stalls(String label, Path run, String match) throws BadInputException {
        List<Iteration> all = new ArrayList<>();
        for (String side : List.of("base", "head")) {
            all.addAll(iterations(run.resolve(side), side, match));
        }
        double median =
                Quantiles.median(all.stream().mapToDouble(Iteration::brokerCpu).toArray());
        List<Iteration> stalls =
                all.stream().filter(i -> i.brokerCpu() > 2 * median).toList();
        double[] others = all.stream()
                .filter(i -> i.brokerCpu() <= 2 * median)
                .mapToDouble(Iteration::brokerCpu)
                .toArray();
        StringBuilder b = new StringBuilder();
        for (Iteration i : stalls) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %d | %s | %s | %s | %s |%n",
                    label,
                    i.side(),
                    i.round(),
                    i.iteration(),
                    Numbers.score(i.score()),
                    Numbers.score(i.brokerCpu()),
                    Numbers.score(Arrays.stream(others).min().orElse(Double.NaN)),
                    Numbers.score(Arrays.stream(others).max().orElse(Double.NaN))));
        }
        if (stalls.isEmpty()) {
            b.append("| ")
                    .append(label)
                    .append(" | - | - | - | - | - | ")
                    .append(Numbers.score(Arrays.stream(others).min().orElse(Double.NaN)))
                    .append(" | ")
                    .append(Numbers.score(Arrays.stream(others).max().orElse(Double.NaN)))
                    .append(" |\n");
        }
        return b.toString();
    }

    /** Every measured iteration of one side's matching row: round k is the side's fork k. */
    private static List<Iteration> iterations(Path side, String name, String match) throws BadInputException {
        List<JmhResult> rows = JmhJson.read(side).stream()
                .filter(r -> r.key().nameAndParams().contains(match))
                .toList();
        JmhResult score = one(rows, "", side, match);
        JmhResult cpu = one(rows, BROKER_CPU, side, match);
        List<Iteration> list = new ArrayList<>();
        for (int f = 0; f < Math.min(score.samples().length, cpu.samples().length); f++) {
            for (int i = 0; i < Math.min(score.samples()[f].length, cpu.samples()[f].length); i++) {
                list.add(new Iteration(name, f + 1, i + 1, score.samples()[f][i], cpu.samples()[f][i]));
            }
        }
        return list;
    }

    private static JmhResult one(List<JmhResult> rows, String metric, Path side, String match)
            throws BadInputException {
        List<JmhResult> found =
                rows.stream().filter(r -> r.key().metric().equals(metric)).toList();
        if (found.size() != 1 || !found.get(0).hasSamples()) {
            throw new BadInputException(side + ": '" + match + "' picks " + found.size() + " rows of "
                    + (metric.isEmpty() ? "the score" : metric) + " with rawData, not one");
        }
        return found.get(0);
    }
}
