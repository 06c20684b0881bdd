package org.rabbitmqjmh.perftest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;

/**
 * {@code second-by-second FOLDER SCENARIO ROUND...}: how the rate moved within rounds of a committed
 * side-by-side run, from its raw files ({@code perftest/SCENARIO-round-K.txt}, PerfTest's per-second
 * lines, and {@code rabbitmq-jmh/SCENARIO-round-K.json}, JMH's 1 s iterations): per round and tool, the
 * first, lowest, highest and last of the 15 measured seconds, and PerfTest's first second of all (its
 * warm-up, which JMH's JSON does not keep). Exit 0, or 2 on unusable input.
 * Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.perftest.SecondBySecond results/perftest async-window-100 4 5}
 */
public final class SecondBySecond {

    private static final String USAGE =
            "usage: second-by-second FOLDER SCENARIO ROUND...  (FOLDER: a side-by-side " + "run's --out folder)";
    // The committed run's --warmup and --seconds: both tools drop 10 s and measure 15.
    private static final int WARMUP = 10;
    private static final int MEASURED = 15;

    private SecondBySecond() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length < 3) {
                throw new BadInputException(USAGE);
            }
            Path folder = Path.of(args[0]);
            Scenario scenario = scenario(args[1]);
            StringBuilder b = new StringBuilder("| round | tool | first second of the run | first measured second "
                    + "| lowest | highest | last measured second |\n|---:|---|---:|---:|---:|---:|---:|\n");
            for (int i = 2; i < args.length; i++) {
                int round = round(args[i]);
                String name = scenario.key() + "-round-" + round;
                b.append(row(
                        round,
                        "PerfTest",
                        perfTestSeconds(folder.resolve("perftest").resolve(name + ".txt"), scenario)));
                b.append(row(
                        round,
                        "rabbitmq-jmh",
                        jmhSeconds(folder.resolve("rabbitmq-jmh").resolve(name + ".json"))));
            }
            out.print(b);
            return 0;
        } catch (BadInputException e) {
            err.println("second-by-second: " + e.getMessage());
            return 2;
        }
    }

    /** A tool's seconds in one round: the run's first (NaN when not kept), then the measured ones. */
    private record Seconds(double runFirst, List<Double> measured) {}

    private static String row(int round, String tool, Seconds s) {
        List<Double> m = s.measured();
        double low = m.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double high = m.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return String.format(
                Locale.ROOT,
                "| %d | %s | %s | %s | %s | %s | %s |%n",
                round,
                tool,
                Double.isNaN(s.runFirst()) ? "-" : SideBySideReport.rate(s.runFirst()),
                SideBySideReport.rate(m.get(0)),
                SideBySideReport.rate(low),
                SideBySideReport.rate(high),
                SideBySideReport.rate(m.get(m.size() - 1)));
    }

    private static Seconds perfTestSeconds(Path file, Scenario scenario) throws BadInputException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
        List<PerfTestOutput.Second> seconds = PerfTestOutput.parse(text).seconds();
        // As PerfTestOutput.measured counts them: a measured second without a line is a rate of 0.
        double[] measured = new double[MEASURED];
        for (PerfTestOutput.Second s : seconds) {
            Double rate = s.rates().get(scenario.perfTestRate());
            if (rate != null && s.second() > WARMUP && s.second() <= WARMUP + MEASURED) {
                measured[s.second() - WARMUP - 1] = rate;
            }
        }
        if (seconds.isEmpty()) {
            throw new BadInputException(file + " holds no per-second line of PerfTest");
        }
        Double first = seconds.get(0).rates().get(scenario.perfTestRate());
        List<Double> list = new ArrayList<>();
        for (double v : measured) {
            list.add(v);
        }
        return new Seconds(first == null ? Double.NaN : first, list);
    }

    private static Seconds jmhSeconds(Path file) throws BadInputException {
        JmhResult score = JmhJson.read(file).stream()
                .filter(r -> r.key().metric().isEmpty())
                .findFirst()
                .orElseThrow(() -> new BadInputException(file + " holds no primary score"));
        if (!score.hasSamples() || score.samples()[0].length == 0) {
            throw new BadInputException(file + " has no rawData");
        }
        List<Double> list = new ArrayList<>();
        for (double v : score.samples()[0]) {
            list.add(v);
        }
        return new Seconds(Double.NaN, list);
    }

    private static Scenario scenario(String key) throws BadInputException {
        try {
            return Scenario.parse(key);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private static int round(String text) throws BadInputException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadInputException("round '" + text + "' is not a number; " + USAGE);
        }
    }
}
