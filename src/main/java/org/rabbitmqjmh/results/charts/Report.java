package org.rabbitmqjmh.results.charts;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.internal.chartpart.Chart;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;
import org.rabbitmqjmh.results.compare.CompareArguments;
import org.rabbitmqjmh.results.compare.Comparison;
import org.rabbitmqjmh.results.compare.NoiseFloors;

/**
 * {@code report RUN_FOLDER} or {@code report BASE HEAD}: PNG charts of a run in its {@code charts/}
 * folder, and an {@code index.html} showing them. One chart per benchmark and swept param (see
 * {@link Sweep}), one chart of latency percentile curves per benchmark that wrote per-message CSVs
 * ({@link LatencyCurves}); with two runs, also a bar chart of the {@link Comparison}, written into HEAD's folder.
 *
 * <p>Exit status: 0 written, 1 cannot write, 2 unusable input. Runs headless, so CI machines without a
 * display can draw. Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.charts.Report results/X}
 */
public final class Report {

    static final String USAGE = "usage: report RUN_FOLDER | report BASE HEAD"
            + "  (run folders or JMH JSON files; charts go to the (HEAD) run folder's charts/; an interleaved run"
            + " folder (--against) gives its head's charts and the paired comparison)";
    static final String ENVIRONMENT_FILE = "environment.properties";

    private Report() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        System.setProperty("java.awt.headless", "true");
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.println(USAGE);
            return 0;
        }
        try {
            if (args.length < 1
                    || args.length > 2
                    || (args[0].startsWith("-") || args[args.length - 1].startsWith("-"))) {
                throw new BadInputException("expected one run folder, or BASE and HEAD; " + USAGE);
            }
            Path only = Path.of(args[0]);
            if (args.length == 1
                    && Files.isDirectory(only.resolve("base"))
                    && Files.isDirectory(only.resolve("head"))) {
                List<JmhResult> head = JmhJson.read(only.resolve("head"));
                Comparison paired = Comparison.of(
                        JmhJson.read(only.resolve("base")),
                        head,
                        CompareArguments.DEFAULT_THRESHOLD,
                        NoiseFloors.NONE,
                        true);
                Path folder = only.toAbsolutePath();
                int charts = write(folder, head, paired, "base (interleaved, paired by round)");
                out.println("wrote " + charts + " chart(s) to " + folder.resolve("charts") + " and "
                        + folder.resolve("index.html"));
                return 0;
            }
            Path runFile = JmhJson.locate(Path.of(args[args.length - 1]));
            Path runFolder = runFile.toAbsolutePath().getParent();
            List<JmhResult> run = JmhJson.read(runFile);
            Comparison comparison = null;
            if (args.length == 2) {
                comparison = Comparison.of(JmhJson.read(Path.of(args[0])), run, CompareArguments.DEFAULT_THRESHOLD);
                if (comparison.rows().isEmpty()) {
                    throw new BadInputException("no benchmark is in both " + args[0] + " and " + args[1]
                            + "; a compare chart needs the same benchmark, mode, params and unit in both");
                }
            }
            int charts = write(runFolder, run, comparison, args.length == 2 ? args[0] : null);
            out.println("wrote " + charts + " chart(s) to " + runFolder.resolve("charts") + " and "
                    + runFolder.resolve("index.html"));
            return 0;
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: cannot write the report: " + e.getMessage());
            return 1;
        }
    }

    private static int write(Path runFolder, List<JmhResult> run, Comparison comparison, String base)
            throws IOException, BadInputException {
        Path chartsFolder = Files.createDirectories(runFolder.resolve("charts"));
        Set<String> names = new HashSet<>();
        IndexPage page = new IndexPage("rabbitmq-jmh run " + runFolder.getFileName());
        if (comparison != null) {
            String file = save(chartsFolder, "compare-change", ChangeChart.of(comparison), names);
            page.comparison(
                    comparison, base, new IndexPage.Figure(file, "speed change per benchmark, head vs " + base));
        }
        List<IndexPage.Figure> figures = new ArrayList<>();
        for (Sweep sweep : Sweep.of(run)) {
            String stem = BenchmarkKey.of(sweep.benchmark(), sweep.mode(), Map.of())
                            .shortName() + "-" + sweep.mode() + "-by-" + sweep.param();
            figures.add(new IndexPage.Figure(save(chartsFolder, stem, SweepChart.of(sweep), names), sweep.title()));
        }
        for (Map.Entry<String, List<LatencyCurves.Curve>> e :
                LatencyCurves.read(runFolder).entrySet()) {
            String stem = e.getKey().replaceFirst("^.*\\.(\\w+Benchmark\\.)", "$1") + "-latency-percentiles";
            figures.add(new IndexPage.Figure(
                    save(chartsFolder, stem, LatencyCurves.chart(e.getKey(), e.getValue()), names),
                    e.getKey() + ": latency by percentile, from the per-message CSVs"));
        }
        page.charts(figures).results(run).environment(environment(runFolder));
        Files.writeString(runFolder.resolve("index.html"), page.toHtml(), StandardCharsets.UTF_8);
        return names.size();
    }

    /** Saves under a file name safe on every file system and unique in this report; returns the name. */
    private static String save(Path folder, String stem, Chart<?, ?> chart, Set<String> names) throws IOException {
        String safe = stem.replaceAll("[^A-Za-z0-9._-]", "_");
        String name = safe;
        for (int i = 2; !names.add(name); i++) {
            name = safe + "-" + i;
        }
        BitmapEncoder.saveBitmap(chart, folder.resolve(name).toString(), BitmapFormat.PNG);
        return name + ".png";
    }

    private static Map<String, String> environment(Path runFolder) throws IOException {
        Path file = runFolder.resolve(ENVIRONMENT_FILE);
        Map<String, String> sorted = new TreeMap<>();
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            p.stringPropertyNames().forEach(k -> sorted.put(k, p.getProperty(k)));
        }
        return sorted;
    }
}
