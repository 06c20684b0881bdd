package org.rabbitmqjmh.results;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ExperimentTable SUMMARY...}: Experiment runs side by side, one row a run's {@code summary.md} as
 * the program wrote it, for a document's generated section: each side's rate and the latency
 * percentiles of each path it measured. Exit 0, or 2 with one line.
 */
public final class ExperimentTable {

    private static final List<String> PERCENTILES = List.of("p50", "p99", "p99.9");

    private ExperimentTable() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("usage: ExperimentTable SUMMARY...  (the summary.md of Experiment runs)");
            return 2;
        }
        Table t = new Table(
                "run",
                "producer msg/s>",
                "consumer msg/s>",
                "sent → received p50 / p99 / p99.9 µs>",
                "sent → acked p50 / p99 / p99.9 µs>");
        try {
            for (String summary : args) {
                t.add(row(Path.of(summary)).toArray(String[]::new));
            }
        } catch (IOException | RuntimeException e) {
            err.println("error: cannot read the Experiment summaries: " + e.getMessage());
            return 2;
        }
        out.print(t.toMarkdown());
        return 0;
    }

    private static List<String> row(Path summary) throws IOException {
        List<List<List<String>>> tables = MarkdownTables.read(summary);
        if (tables.size() != 2) {
            throw new IllegalArgumentException(summary + " has not the two tables Experiment writes");
        }
        List<String> cells = new ArrayList<>(List.of(summary.getFileName().toString()));
        cells.add(cell(tables.get(0), "producer (sent)", List.of("msg/s")));
        cells.add(cell(tables.get(0), "consumer (received)", List.of("msg/s")));
        cells.add(cell(tables.get(1), "sent to received", PERCENTILES));
        cells.add(cell(tables.get(1), "sent to acked", PERCENTILES));
        return cells;
    }

    /** The row named {@code name}'s cells under {@code columns}, joined; "-" where the run has no such row. */
    private static String cell(List<List<String>> table, String name, List<String> columns) {
        List<String> header = table.get(0);
        return table.stream()
                .filter(r -> r.get(0).equals(name))
                .findFirst()
                .map(r -> String.join(
                        " / ",
                        columns.stream().map(c -> r.get(header.indexOf(c))).toList()))
                .orElse("-");
    }
}
