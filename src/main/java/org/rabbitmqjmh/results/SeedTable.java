package org.rabbitmqjmh.results;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;

/**
 * {@code SeedTable RUN... --rows PARAM --columns PARAM [--cell median-range|runs|median] [--scale F
 * --unit U] [--efficiency METRIC] [--source CSV] [--ratio SOURCE-COLUMN=VALUE]...}: our runs beside the numbers a
 * seed experiment published, for a document's generated section. One row per value of {@code --rows},
 * one column per value of {@code --columns}, each cell made from every measured iteration of that
 * trial's score (a single-shot drain is one iteration), times {@code --scale} (then in {@code --unit}). {@code --efficiency
 * ideal.ms} adds, after each of our columns, the trial's ideal time over its median. {@code --source}
 * is a committed CSV of the seed's own figures, keyed by the rows param in its first column ("n/a" where
 * the seed has none); {@code --ratio "source async=callback"} adds that source column over our median.
 * Exit 0, or 2 with one line.
 */
public final class SeedTable {

    static final String USAGE =
            "usage: SeedTable RUN... --rows PARAM --columns PARAM [--cell median-range|runs|median] "
                    + "[--scale F --unit U] [--efficiency METRIC] [--source CSV] [--ratio SOURCE-COLUMN=VALUE]...";
    private static final OptionParser PARSER = new OptionParser(false);
    private static final OptionSpec<String> ROWS = PARSER.accepts("rows").withRequiredArg();
    private static final OptionSpec<String> COLUMNS = PARSER.accepts("columns").withRequiredArg();
    private static final OptionSpec<String> CELL =
            PARSER.accepts("cell").withRequiredArg().defaultsTo("median-range");
    private static final OptionSpec<Double> SCALE =
            PARSER.accepts("scale").withRequiredArg().ofType(Double.class).defaultsTo(1.0);
    private static final OptionSpec<String> UNIT = PARSER.accepts("unit").withRequiredArg();
    private static final OptionSpec<String> EFFICIENCY =
            PARSER.accepts("efficiency").withRequiredArg();
    private static final OptionSpec<String> SOURCE = PARSER.accepts("source").withRequiredArg();
    private static final OptionSpec<String> RATIO = PARSER.accepts("ratio").withRequiredArg();
    private static final List<String> CELLS = List.of("median-range", "runs", "median");

    private SeedTable() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            OptionSet o = CommandLine.parse(
                    PARSER, args, "--rows, --columns, --cell, --scale, --unit, --efficiency, --source, --ratio", USAGE);
            if (o.nonOptionArguments().isEmpty() || !o.has(ROWS) || !o.has(COLUMNS)) {
                throw new BadInputException("expected a RUN, --rows and --columns; " + USAGE);
            }
            if (o.has(SCALE) != o.has(UNIT)) {
                throw new BadInputException("--scale and --unit go together: the unit the scaled numbers are in");
            }
            if (!CELLS.contains(o.valueOf(CELL))) {
                throw new BadInputException("--cell " + o.valueOf(CELL) + " is not one of " + CELLS);
            }
            Map<String, Map<String, JmhResult>> scores = new LinkedHashMap<>();
            Map<String, Map<String, JmhResult>> efficiency = new LinkedHashMap<>();
            for (Object run : o.nonOptionArguments()) {
                for (JmhResult r : JmhJson.read(Path.of(run.toString()), m -> true)) {
                    String metric = r.key().metric();
                    Map<String, Map<String, JmhResult>> into =
                            metric.isEmpty() ? scores : metric.equals(o.valueOf(EFFICIENCY)) ? efficiency : null;
                    if (into != null) {
                        into.computeIfAbsent(param(r, o.valueOf(ROWS)), x -> new LinkedHashMap<>())
                                .put(param(r, o.valueOf(COLUMNS)), r);
                    }
                }
            }
            Map<String, Map<String, String>> source = o.has(SOURCE) ? source(Path.of(o.valueOf(SOURCE))) : Map.of();
            out.print(table(o, scores, efficiency, source).toMarkdown());
            return 0;
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static Table table(
            OptionSet o,
            Map<String, Map<String, JmhResult>> scores,
            Map<String, Map<String, JmhResult>> efficiency,
            Map<String, Map<String, String>> source)
            throws BadInputException {
        if (scores.isEmpty()) {
            throw new BadInputException("the runs have no scores");
        }
        Set<String> columns = new LinkedHashSet<>();
        scores.values().forEach(byColumn -> columns.addAll(byColumn.keySet()));
        Set<String> sourceColumns =
                source.isEmpty() ? Set.of() : source.values().iterator().next().keySet();
        String unit = o.has(UNIT)
                ? o.valueOf(UNIT)
                : scores.values().iterator().next().values().iterator().next().unit();
        String cell = Map.of("median-range", "median (min–max)", "runs", "each run", "median", "median")
                .get(o.valueOf(CELL));
        List<String> header = new ArrayList<>(List.of(o.valueOf(ROWS) + ">"));
        for (String c : columns) {
            header.add("ours, " + c + ", " + unit + ": " + cell + ">");
            if (o.has(EFFICIENCY)) {
                header.add(c + " efficiency>");
            }
        }
        sourceColumns.forEach(c -> header.add(c + ">"));
        for (String ratio : o.valuesOf(RATIO)) {
            String[] pair = ratioPair(ratio, sourceColumns, columns);
            header.add(pair[0] + " ÷ ours " + pair[1] + ">");
        }
        Table t = new Table(header.toArray(String[]::new));
        for (var row : scores.entrySet()) {
            t.add(row(o, row.getKey(), row.getValue(), efficiency.get(row.getKey()), columns, source)
                    .toArray(String[]::new));
        }
        return t;
    }

    private static List<String> row(
            OptionSet o,
            String key,
            Map<String, JmhResult> byColumn,
            Map<String, JmhResult> ideal,
            Set<String> columns,
            Map<String, Map<String, String>> source) {
        double scale = o.valueOf(SCALE);
        List<String> cells = new ArrayList<>(List.of(key));
        for (String c : columns) {
            double[] runs = runs(byColumn.get(c), scale);
            cells.add(cell(o.valueOf(CELL), runs));
            if (o.has(EFFICIENCY)) {
                JmhResult i = ideal == null ? null : ideal.get(c);
                cells.add(
                        i == null || runs.length == 0
                                ? "-"
                                : String.format(
                                        Locale.ROOT, "%.0f%%", 100 * i.score() * scale / Quantiles.median(runs)));
            }
        }
        Map<String, String> seed = source.getOrDefault(key, Map.of());
        if (!source.isEmpty()) {
            source.values().iterator().next().keySet().forEach(c -> cells.add(seed.getOrDefault(c, "n/a")));
        }
        for (String ratio : o.valuesOf(RATIO)) {
            String[] pair = ratio.split("=", 2);
            double ours = Quantiles.median(runs(byColumn.get(pair[1]), scale));
            String theirs = seed.getOrDefault(pair[0], "n/a");
            cells.add(
                    !theirs.matches("[0-9.]+") || !Double.isFinite(ours)
                            ? "n/a"
                            : String.format(Locale.ROOT, "%.1f×", Double.parseDouble(theirs) / ours));
        }
        return cells;
    }

    /** Every measured iteration of every fork, scaled: single shots are the runs a seed compares. */
    private static double[] runs(JmhResult r, double scale) {
        if (r == null || !r.hasSamples()) {
            return new double[0];
        }
        return Arrays.stream(r.samples())
                .flatMapToDouble(Arrays::stream)
                .map(v -> v * scale)
                .toArray();
    }

    private static String cell(String kind, double[] runs) {
        if (runs.length == 0) {
            return "-";
        }
        String median = Numbers.score(Quantiles.median(runs));
        return switch (kind) {
            case "runs" -> Arrays.stream(runs).mapToObj(Numbers::score).collect(Collectors.joining(", "));
            case "median" -> median;
            default ->
                median + " (" + Numbers.score(Arrays.stream(runs).min().orElseThrow()) + "–"
                        + Numbers.score(Arrays.stream(runs).max().orElseThrow()) + ")";
        };
    }

    private static String param(JmhResult r, String name) throws BadInputException {
        String value = r.key().params().get(name);
        if (value == null) {
            throw new BadInputException(r.key().shortName() + " has no param " + name + "; its params: "
                    + r.key().params().keySet());
        }
        return value;
    }

    private static String[] ratioPair(String ratio, Set<String> sourceColumns, Set<String> columns)
            throws BadInputException {
        String[] pair = ratio.split("=", 2);
        if (pair.length != 2 || !sourceColumns.contains(pair[0]) || !columns.contains(pair[1])) {
            throw new BadInputException("--ratio " + ratio + " must be SOURCE-COLUMN=VALUE with a source column of "
                    + sourceColumns + " and a value of " + columns);
        }
        return pair;
    }

    /** The seed's figures: the first column is the rows param's value, the others are printed as given. */
    private static Map<String, Map<String, String>> source(Path csv) throws BadInputException {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new BadInputException("cannot read --source " + csv + ": " + e.getMessage());
        }
        if (lines.size() < 2) {
            throw new BadInputException("--source " + csv + " needs a header line and at least one row");
        }
        List<String> header = List.of(lines.get(0).split(","));
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = List.of(line.split(",", -1));
            if (cells.size() != header.size()) {
                throw new BadInputException(
                        csv + ": '" + line + "' has " + cells.size() + " cells, the header " + header.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 1; c < cells.size(); c++) {
                row.put(header.get(c), cells.get(c).strip());
            }
            rows.put(cells.get(0).strip(), row);
        }
        return rows;
    }
}
