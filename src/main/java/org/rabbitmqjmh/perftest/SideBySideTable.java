package org.rabbitmqjmh.perftest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.rabbitmqjmh.perftest.Measurement.Side;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.CommandLine;

/**
 * {@code side-by-side-table FOLDER}: the summary of a committed side-by-side run made again from its
 * {@code side-by-side.csv} (every rate as measured; {@code CommittedSideBySideTest} checks the CSV
 * against the raw outputs): per scenario, both tools' median rates, the ratio of the medians, the median
 * per-round ratio with its bootstrap interval, the smallest per-round ratio and both tools' median confirm
 * p50, as {@code side-by-side.md} shows them; then one line of the headline ratios. With {@code --rounds}, its
 * "Rounds" table instead: every round's rates and ratio. Exit 0, or 2 when
 * the CSV cannot be read. Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.perftest.SideBySideTable results/perftest}
 */
public final class SideBySideTable {

    private static final String USAGE = "usage: side-by-side-table [--rounds] FOLDER  (a side-by-side run's --out "
            + "folder, with side-by-side.csv)";
    private static final OptionParser PARSER = new OptionParser(false);
    private static final OptionSpec<Void> ROUNDS = PARSER.accepts("rounds");

    private SideBySideTable() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        OptionSet o;
        try {
            o = CommandLine.parse(PARSER, args, "--rounds", USAGE);
            if (o.nonOptionArguments().size() != 1) {
                throw new BadInputException(USAGE);
            }
        } catch (BadInputException e) {
            err.println("side-by-side-table: " + e.getMessage());
            return 2;
        }
        boolean roundByRound = o.has(ROUNDS);
        Path csv = Path.of(o.nonOptionArguments().get(0).toString()).resolve("side-by-side.csv");
        List<Measurement> rows = new ArrayList<>();
        Set<Scenario> scenarios = new LinkedHashSet<>();
        int rounds = 0;
        try {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(SideBySideReport.CSV_HEADER)) {
                err.println("side-by-side-table: " + csv + " does not start with " + SideBySideReport.CSV_HEADER);
                return 2;
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                Scenario sc = Scenario.parse(f[0]);
                int round = Integer.parseInt(f[1]);
                Side side = f[2].equals(Side.PERFTEST.key()) ? Side.PERFTEST : Side.RABBITMQ_JMH;
                rows.add(new Measurement(
                        sc,
                        round,
                        side,
                        Integer.parseInt(f[3]),
                        Double.parseDouble(f[4]),
                        f[5].isEmpty() ? Double.NaN : Double.parseDouble(f[5]),
                        f[6].isEmpty() ? Double.NaN : Double.parseDouble(f[6])));
                scenarios.add(sc);
                rounds = Math.max(rounds, round);
            }
        } catch (IOException | RuntimeException e) {
            err.println("side-by-side-table: cannot read " + csv + ": " + e.getMessage());
            return 2;
        }
        if (roundByRound) {
            out.print(SideBySideReport.roundsTable(rows, List.copyOf(scenarios), rounds));
            return 0;
        }
        StringBuilder b = new StringBuilder(SideBySideReport.headlineTable(rows, List.copyOf(scenarios), rounds));
        List<String> headline = new ArrayList<>();
        for (Scenario sc : scenarios) {
            RoundRatios r = RoundRatios.of(
                    SideBySideReport.values(rows, sc, Side.PERFTEST, rounds, false),
                    SideBySideReport.values(rows, sc, Side.RABBITMQ_JMH, rounds, false));
            headline.add(String.format(Locale.ROOT, "%s: %.2f", sc.key(), r.ratioOfMedians()));
        }
        b.append("\nHeadline ratios (rabbitmq-jmh / PerfTest, medians): ")
                .append(String.join(", ", headline))
                .append(".\n");
        out.print(b);
        return 0;
    }
}
