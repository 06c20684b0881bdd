package org.rabbitmqjmh.results.calibration;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;

/**
 * {@code warmup-climb RUN...}: whether the measured iterations still climb after the warmup, per row's
 * score over every fork of the runs given: the first and the last measurement iteration against its
 * fork's mean (the mean over forks of iteration / fork mean - 1; a score that climbs has its first
 * iteration below and its last above). A folder without {@code jmh-result.json} stands for each run
 * folder in it. Prints a markdown table; exit 0, or 2 on unusable input.
 * Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.calibration.WarmupClimb results/aa/run-against-run/same}
 */
public final class WarmupClimb {

    static final String USAGE =
            "usage: warmup-climb RUN...  (run folders or JMH JSON files; a folder of run folders " + "stands for each)";

    private WarmupClimb() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** One row over all its forks: first and last iteration against the fork's mean, and the iteration counts. */
    private record Climb(DescriptiveStatistics first, DescriptiveStatistics last, TreeSet<Integer> iterations) {
        void add(JmhResult r) {
            double[] means = r.forkMeans();
            for (int f = 0; f < means.length; f++) {
                double[] it = r.samples()[f];
                if (it.length >= 2) {
                    first.addValue(it[0] / means[f] - 1);
                    last.addValue(it[it.length - 1] / means[f] - 1);
                    iterations.add(it.length);
                }
            }
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].startsWith("-")) {
            err.println("warmup-climb: " + USAGE);
            return 2;
        }
        Map<BenchmarkKey, Climb> rows = new LinkedHashMap<>();
        try {
            for (Path run : runs(args)) {
                for (JmhResult r : JmhJson.read(run)) {
                    if (r.key().metric().isEmpty() && r.hasSamples()) {
                        rows.computeIfAbsent(
                                        r.key(),
                                        k -> new Climb(
                                                new DescriptiveStatistics(),
                                                new DescriptiveStatistics(),
                                                new TreeSet<>()))
                                .add(r);
                    }
                }
            }
        } catch (BadInputException e) {
            err.println("warmup-climb: " + e.getMessage());
            return 2;
        }
        out.println("| benchmark | params | forks | iterations a fork | first iteration against its fork's mean "
                + "| last iteration against its fork's mean |");
        out.println("|---|---|---:|---:|---:|---:|");
        rows.forEach((key, c) -> out.printf(
                Locale.ROOT,
                "| %s | %s | %d | %s | %+.1f%% | %+.1f%% |%n",
                key.shortName(),
                key.paramsLabel(),
                c.first().getN(),
                c.iterations().stream()
                        .map(String::valueOf)
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("-"),
                100 * c.first().getMean(),
                100 * c.last().getMean()));
        return 0;
    }

    private static List<Path> runs(String[] args) throws BadInputException {
        List<Path> runs = new ArrayList<>();
        for (String arg : args) {
            Path p = Path.of(arg);
            if (!Files.isDirectory(p) || Files.exists(p.resolve(JmhJson.RUN_FILE))) {
                runs.add(p);
                continue;
            }
            try (Stream<Path> children = Files.list(p)) {
                List<Path> found = children.filter(c -> Files.exists(c.resolve(JmhJson.RUN_FILE)))
                        .sorted()
                        .toList();
                if (found.isEmpty()) {
                    throw new BadInputException(p + " holds neither " + JmhJson.RUN_FILE + " nor run folders with one");
                }
                runs.addAll(found);
            } catch (IOException e) {
                throw new BadInputException("cannot list " + p + ": " + e.getMessage());
            }
        }
        return runs;
    }
}
