package org.rabbitmqjmh.results.history;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import joptsimple.OptionException;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.Direction;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;

/**
 * {@code history add|changes|report|export}: results across many commits of one machine.
 * <ul>
 *   <li>{@code add RUN [--label L] [--commit SHA] [--machine ID]}: append a run folder as the next record
 *       of its machine's history ({@link HistoryStore}); {@code --machine} refuses a run of another
 *       machine (CI names its runner's).</li>
 *   <li>{@code changes [--p 0.01] [--window 30] [--min-change PCT] [--recent 5] [--markdown FILE]}: the
 *       change points of every row and metric ({@link EDivisive}); exit 1 when a gated row's newest change
 *       is a regression within the newest {@code --recent} points ({@link Changes}).</li>
 *   <li>{@code report}: the same, written into the machine's folder as {@code changes.md},
 *       {@code charts/*.png} and {@code index.html}.</li>
 *   <li>{@code export RUN [--out DIR]}: the run as github-action-benchmark's custom JSON (two files, one
 *       per direction) and Bencher Metric Format ({@link Exports}).</li>
 *   <li>{@code machine RUN}: the id of the machine the run was made on, the history folder it goes to.</li>
 * </ul>
 * Every command takes {@code --history DIR} (default {@code results/history}) and, where the history holds
 * more than one machine, {@code --machine ID}. Exit status: 0 done, 1 a regression (changes only), 2
 * unusable input, in one line.
 *
 * <p>Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.history.History add results/RUN}
 */
public final class History {

    public static final int OK = 0;
    public static final int REGRESSION = 1;
    public static final int BAD_INPUT = 2;

    static final String DEFAULT_HISTORY = "results/history";
    static final String USAGE = "usage: history add RUN [--label L] [--commit SHA] [--machine ID]"
            + " | history changes [--p P] [--window N] [--min-change PCT] [--recent N] [--markdown FILE]"
            + " | history report [same options as changes] | history export RUN [--out DIR] | history machine RUN;"
            + " all take --history DIR (default " + DEFAULT_HISTORY + ") and --machine ID";

    private History() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? BAD_INPUT : OK;
        }
        try {
            String command = args[0];
            OptionSet options = parse(Arrays.copyOfRange(args, 1, args.length));
            HistoryStore store = new HistoryStore(Path.of((String) options.valueOf("history")));
            String machine = (String) options.valueOf("machine");
            return switch (command) {
                case "add" -> add(store, options, machine, out);
                case "changes" -> changes(store, options, machine, out, false);
                case "report" -> changes(store, options, machine, out, true);
                case "export" -> export(options, out);
                case "machine" -> {
                    out.println(store.fingerprintOf(onlyRun(options, "machine")).id());
                    yield OK;
                }
                default ->
                    throw new BadInputException("unknown command '" + command + "'; allowed: add, changes, report,"
                            + " export, machine; "
                            + USAGE);
            };
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("error: cannot write: " + e.getMessage());
            return BAD_INPUT;
        }
    }

    private static OptionSet parse(String[] args) throws BadInputException {
        OptionParser parser = new OptionParser(false);
        parser.accepts("history").withRequiredArg().defaultsTo(DEFAULT_HISTORY);
        parser.accepts("machine").withRequiredArg();
        parser.accepts("label").withRequiredArg();
        parser.accepts("commit").withRequiredArg();
        parser.accepts("p").withRequiredArg();
        parser.accepts("window").withRequiredArg();
        parser.accepts("min-change").withRequiredArg();
        parser.accepts("recent").withRequiredArg();
        parser.accepts("markdown").withRequiredArg();
        parser.accepts("out").withRequiredArg();
        try {
            OptionSet options = parser.parse(args);
            for (OptionSpec<?> spec : options.specs()) {
                if (options.valuesOf(spec).size() > 1) {
                    throw new BadInputException(
                            "--" + spec.options().get(0) + " is given more than once; once is allowed");
                }
            }
            return options;
        } catch (OptionException e) {
            throw new BadInputException(e.getMessage() + "; " + USAGE);
        }
    }

    private static Path onlyRun(OptionSet options, String command) throws BadInputException {
        List<?> rest = options.nonOptionArguments();
        if (rest.size() != 1) {
            throw new BadInputException(
                    "history " + command + " takes one run folder, got " + rest.size() + "; " + USAGE);
        }
        Path run = Path.of(rest.get(0).toString());
        if (!Files.isDirectory(run)) {
            throw new BadInputException("no such run folder: " + run + "; expected a folder written by benchmarks.jar"
                    + " (results/<run>/ with jmh-result.json and environment.properties)");
        }
        return run;
    }

    private static void noRun(OptionSet options, String command) throws BadInputException {
        if (!options.nonOptionArguments().isEmpty()) {
            throw new BadInputException("history " + command + " takes no run folder (got '"
                    + options.nonOptionArguments().get(0) + "'); it reads the history; " + USAGE);
        }
    }

    private static int add(HistoryStore store, OptionSet options, String machine, PrintStream out)
            throws BadInputException {
        Path run = onlyRun(options, "add");
        HistoryStore.Added added =
                store.add(run, (String) options.valueOf("label"), (String) options.valueOf("commit"), machine);
        out.println("history: added " + run + " as record " + added.record().seq() + " ("
                + added.record().point()
                + ", " + added.record().rows().size() + " rows) of machine " + added.machine()
                + (added.joined()
                        ? ""
                        : ", a new machine: " + added.record().fingerprint().describe()) + " -> " + added.file());
        return OK;
    }

    private static int changes(HistoryStore store, OptionSet options, String machine, PrintStream out, boolean report)
            throws BadInputException, IOException {
        noRun(options, report ? "report" : "changes");
        Changes.Settings settings = settings(options);
        String id = store.machine(machine);
        List<HistoryRecord> records = store.records(id);
        Changes changes = Changes.of(Series.of(records), settings);
        if (report) {
            Path folder = store.folder().resolve(id);
            int charts = HistoryReport.write(folder, store.machines().get(id), records, changes);
            out.println("history: " + changes.summary());
            out.println("wrote " + charts + " chart(s) to " + folder.resolve("charts") + ", "
                    + folder.resolve("changes.md") + " and " + folder.resolve("index.html"));
            return OK;
        }
        out.println("machine " + id + ": " + store.machines().get(id).describe() + "; " + records.size() + " records");
        if (!changes.all().isEmpty()) {
            out.print(changes.markdown());
        }
        out.println(changes.summary());
        if (options.has("markdown")) {
            Files.writeString(
                    Path.of((String) options.valueOf("markdown")),
                    changes.summary() + "\n\n" + changes.markdown(),
                    StandardCharsets.UTF_8);
        }
        return changes.newestRegressions().isEmpty() ? OK : REGRESSION;
    }

    private static int export(OptionSet options, PrintStream out) throws BadInputException, IOException {
        Path run = onlyRun(options, "export");
        List<JmhResult> results = JmhJson.read(run);
        Path dir = options.has("out") ? Path.of((String) options.valueOf("out")) : run;
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("github-benchmark-bigger-is-better.json"),
                Exports.githubActionBenchmark(results, Direction.HIGHER_IS_BETTER),
                StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("github-benchmark-smaller-is-better.json"),
                Exports.githubActionBenchmark(results, Direction.LOWER_IS_BETTER),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("bencher.json"), Exports.bencher(results), StandardCharsets.UTF_8);
        out.println("wrote github-benchmark-bigger-is-better.json, github-benchmark-smaller-is-better.json and"
                + " bencher.json (" + results.size() + " rows) to " + dir);
        return OK;
    }

    private static Changes.Settings settings(OptionSet options) throws BadInputException {
        Changes.Settings d = Changes.Settings.DEFAULT;
        double p = number(options, "p", d.maxP(), 0, 1, "a p-value threshold, more than 0 and below 1");
        int window = integer(options, "window", d.window(), 2, "points per window, a whole number >= 2");
        double minChange = number(
                        options,
                        "min-change",
                        d.minMagnitude() * 100,
                        0,
                        1000,
                        "the smallest step kept, in percent, 0 to 1000")
                / 100;
        int recent = integer(
                options,
                "recent",
                d.recent(),
                1,
                "the newest points a regression must fall in to fail, a whole number >= 1");
        return new Changes.Settings(p, window, minChange, recent);
    }

    private static int integer(OptionSet options, String name, int fallback, int min, String what)
            throws BadInputException {
        if (!options.has(name)) {
            return fallback;
        }
        String value = (String) options.valueOf(name);
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new BadInputException("--" + name + " " + value + " is not allowed; allowed: " + what);
    }

    private static double number(OptionSet options, String name, double fallback, double min, double max, String what)
            throws BadInputException {
        if (!options.has(name)) {
            return fallback;
        }
        String value = (String) options.valueOf(name);
        try {
            double v = Double.parseDouble(value.trim());
            boolean pOpen = name.equals("p") && (v <= 0 || v >= 1);
            if (v >= min && v <= max && !pOpen) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new BadInputException(
                String.format(Locale.ROOT, "--%s %s is not allowed; allowed: %s", name, value, what));
    }
}
