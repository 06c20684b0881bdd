package org.rabbitmqjmh.pace;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code RateTable FOLDER}: the highest sustainable rate of each MaxRate run under {@code FOLDER} (each
 * subfolder's {@code steps.csv}), one row a run, for a document's generated section: the rate, its p99s,
 * the first rate that failed and why, and how many steps the search took. Exit 0, or 2 with one line.
 */
public final class RateTable {

    private RateTable() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: RateTable FOLDER  (a folder of MaxRate runs, each subfolder holding steps.csv)");
            return 2;
        }
        StringBuilder b = new StringBuilder(header("run"));
        try (Stream<Path> runs = Files.list(Path.of(args[0]))) {
            List<Path> folders = runs.filter(p -> Files.isRegularFile(p.resolve("steps.csv")))
                    .sorted()
                    .toList();
            if (folders.isEmpty()) {
                err.println("error: " + args[0] + " holds no folder with a steps.csv");
                return 2;
            }
            for (Path f : folders) {
                b.append(row(f.getFileName().toString(), read(f.resolve("steps.csv"))));
            }
        } catch (IOException | RuntimeException e) {
            err.println("error: cannot read the runs under " + args[0] + ": " + e.getMessage());
            return 2;
        }
        out.print(b);
        return 0;
    }

    /** The table's head, its first column named {@code what} (a run, a setting). */
    public static String header(String what) {
        return "| " + what + " | highest sustainable msg/s | confirm p99 µs | e2e p99 µs | first failure msg/s | why "
                + "| steps |\n|---|---:|---:|---:|---:|---|---:|\n";
    }

    /** One search's row: its highest passing rate with the p99s, its first failure and why, its step count. */
    public static String row(String name, List<RateStep> steps) {
        RateStep best = RateSearch.highest(steps).orElse(null);
        RateStep failed = RateSearch.firstFailure(steps).orElse(null);
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %d |%n",
                name,
                best == null ? "none" : String.format(Locale.ROOT, "%.0f", best.rate()),
                best == null ? "-" : String.format(Locale.ROOT, "%.0f", best.confirmP99Micros()),
                best == null ? "-" : String.format(Locale.ROOT, "%.0f", best.e2eP99Micros()),
                failed == null ? "-" : String.format(Locale.ROOT, "%.0f", failed.rate()),
                failed == null ? "-" : failed.failure(),
                steps.size());
    }

    /** The steps a MaxRate run wrote ({@link RateStep#csvLine()}). */
    static List<RateStep> read(Path csv) throws IOException {
        List<RateStep> steps = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            steps.add(RateStep.ofCsvLine(line));
        }
        return steps;
    }
}
