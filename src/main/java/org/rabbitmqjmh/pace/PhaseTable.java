package org.rabbitmqjmh.pace;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.rabbitmqjmh.results.MarkdownTables;
import org.rabbitmqjmh.results.Table;

/**
 * {@code PhaseTable FOLDER}: the PaceMatching runs under {@code FOLDER} side by side, one row a run (each
 * subfolder's {@code summary.md}, as the program wrote it), for a document's generated section: each
 * phase's produced rate and queue depth at its end, the last phase's latency p50, and the nacks, drops
 * and blocked seconds of the whole run. Exit 0, or 2 with one line.
 */
public final class PhaseTable {

    private static final List<String> PER_PHASE = List.of("produced msg/s", "depth at end");
    private static final List<String> SUMMED = List.of("nacks", "dropped", "blocked s");

    private PhaseTable() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: PhaseTable FOLDER  (a folder of PaceMatching runs, each subfolder holding summary.md)");
            return 2;
        }
        List<String> header = new ArrayList<>(List.of("run"));
        PER_PHASE.forEach(c -> header.add(c + ", each phase>"));
        header.add("latency p50 ms, last phase>");
        SUMMED.forEach(c -> header.add(c + ", sum of phases>"));
        Table t = new Table(header.toArray(String[]::new));
        try (Stream<Path> runs = Files.list(Path.of(args[0]))) {
            List<Path> folders = runs.filter(p -> Files.isRegularFile(p.resolve("summary.md")))
                    .sorted()
                    .toList();
            if (folders.isEmpty()) {
                err.println("error: " + args[0] + " holds no folder with a summary.md");
                return 2;
            }
            for (Path f : folders) {
                t.add(row(f.getFileName().toString(), phases(f.resolve("summary.md")))
                        .toArray(String[]::new));
            }
        } catch (IOException | RuntimeException e) {
            err.println("error: cannot read the runs under " + args[0] + ": " + e.getMessage());
            return 2;
        }
        out.print(t.toMarkdown());
        return 0;
    }

    private static List<String> row(String run, List<List<String>> phases) {
        List<String> head = phases.get(0);
        List<List<String>> body = phases.subList(1, phases.size());
        List<String> cells = new ArrayList<>(List.of(run));
        for (String c : PER_PHASE) {
            int i = head.indexOf(c);
            cells.add(body.stream().map(p -> p.get(i)).collect(Collectors.joining(" / ")));
        }
        cells.add(body.get(body.size() - 1).get(head.indexOf("latency p50 ms")));
        for (String c : SUMMED) {
            int i = head.indexOf(c);
            double sum =
                    body.stream().mapToDouble(p -> Double.parseDouble(p.get(i))).sum();
            cells.add(c.endsWith(" s") ? String.format(Locale.ROOT, "%.1f", sum) : Long.toString(Math.round(sum)));
        }
        return cells;
    }

    /** The phase table of a summary.md: its header, then one row a phase. */
    private static List<List<String>> phases(Path summary) throws IOException {
        List<List<List<String>>> tables = MarkdownTables.read(summary);
        List<List<String>> rows = tables.isEmpty() ? List.of() : tables.get(0);
        if (rows.size() < 2
                || !rows.get(0).containsAll(PER_PHASE)
                || !rows.get(0).containsAll(SUMMED)) {
            throw new IllegalArgumentException(summary + " has no phase table as PaceMatching writes it");
        }
        return rows;
    }
}
