package org.rabbitmqjmh.results.charts;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rabbitmqjmh.results.BadInputException;

/**
 * Latency percentile curves from a run's per-message CSVs ({@code csv/<Benchmark.method>/<params>.fork-N.csv},
 * columns {@code id,<first>_us,<second>_us}): for each benchmark one chart, one curve per params (the
 * forks' files merged),
 * the latency from the first time to the second at each percentile. The x axis is log10(1/(1 - p)),
 * labelled as percentiles (0 is 0%, 1 is 90%, 2 is 99%, ...), so the tail gets as much room as the
 * median: the usual way to draw an HdrHistogram, because the tail is where the broker's behaviour differs.
 */
final class LatencyCurves {

    /** One CSV's latencies (microseconds) and what they are of. */
    record Curve(String label, String from, String to, Histogram latencyMicros) {}

    private LatencyCurves() {}

    /** The curves of every CSV under {@code runFolder/csv}, by benchmark; empty when there are none. */
    static Map<String, List<Curve>> read(Path runFolder) throws IOException, BadInputException {
        Map<String, List<Curve>> byBenchmark = new TreeMap<>();
        Path root = runFolder.resolve("csv");
        if (!Files.isDirectory(root)) {
            return byBenchmark;
        }
        try (Stream<Path> files = Files.walk(root, 2)) {
            for (Path csv : files.filter(p -> p.getFileName().toString().endsWith(".csv"))
                    .sorted()
                    .toList()) {
                Curve c = curve(csv);
                if (c == null) {
                    continue;
                }
                List<Curve> curves = byBenchmark.computeIfAbsent(
                        csv.getParent().getFileName().toString(), k -> new ArrayList<>());
                Curve same = curves.stream()
                        .filter(x -> x.label().equals(c.label()))
                        .findFirst()
                        .orElse(null);
                if (same == null) {
                    curves.add(c);
                } else {
                    same.latencyMicros().add(c.latencyMicros()); // another fork of the same params
                }
            }
        }
        return byBenchmark;
    }

    private static Curve curve(Path csv) throws IOException, BadInputException {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            String[] columns = header == null ? new String[0] : header.split(",");
            if (columns.length != 3 || !columns[0].equals("id")) {
                return null; // not one of ours
            }
            Histogram h = new Histogram(3);
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = line.split(",", -1);
                if (cells.length == 3 && !cells[1].isEmpty() && !cells[2].isEmpty()) {
                    h.recordValue(Math.max(0, Long.parseLong(cells[2]) - Long.parseLong(cells[1])));
                }
            }
            if (h.getTotalCount() == 0) {
                return null; // no second time at all (no confirms): nothing to draw
            }
            String label = csv.getFileName().toString().replaceFirst("(\\.fork-\\d+)?\\.csv$", "");
            return new Curve(label, columns[1].replaceFirst("_us$", ""), columns[2].replaceFirst("_us$", ""), h);
        } catch (NumberFormatException e) {
            throw new BadInputException(csv + " has a cell that is not a number: " + e.getMessage());
        }
    }

    static XYChart chart(String benchmark, List<Curve> curves) {
        Curve first = curves.get(0);
        XYChart chart = new XYChartBuilder()
                .width(SweepChart.WIDTH)
                .height(SweepChart.HEIGHT)
                .title(benchmark + ": " + first.from() + " to " + first.to() + " latency by percentile")
                .xAxisTitle("percentile")
                .yAxisTitle("latency (µs)")
                .build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(LatencyCurves::percentileLabel);
        Set<String> shared = sharedParams(curves);
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Curve c : curves) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            long n = c.latencyMicros().getTotalCount();
            // Percentiles 0, 90, 99, ... in tenths of a decade, as far as the sample supports them.
            for (int k = 0; k <= 60; k++) {
                double tail = Math.pow(10, -k / 10.0);
                if (tail * n < 1) {
                    break;
                }
                double value = c.latencyMicros().getValueAtPercentile(100 * (1 - tail));
                x.add(k / 10.0);
                y.add(Math.max(1, value));
                min = Math.min(min, Math.max(1, value));
                max = Math.max(max, value);
            }
            chart.addSeries(shortLabel(c.label(), shared) + " (" + n + " messages)", x, y)
                    .setMarker(SeriesMarkers.NONE);
        }
        chart.getStyler().setYAxisLogarithmic(max / min >= 100);
        return chart;
    }

    /** 0 → "0%", 1 → "90%", 3 → "99.9%"; ticks between whole decades get no label. */
    static String percentileLabel(double decades) {
        if (Math.abs(decades - Math.rint(decades)) > 1e-9) {
            return "";
        }
        double p = 100 * (1 - Math.pow(10, -Math.rint(decades)));
        String s = String.format(Locale.ROOT, "%.6f", p).replaceFirst("0+$", "").replaceFirst("\\.$", "");
        return s + "%";
    }

    /** The params (k=v, from the file names) that every curve has: the legend leaves them out. */
    private static Set<String> sharedParams(List<Curve> curves) {
        Set<String> shared = new HashSet<>(List.of(curves.get(0).label().split(",")));
        curves.forEach(c -> shared.retainAll(List.of(c.label().split(","))));
        return curves.size() > 1 ? shared : Set.of();
    }

    private static String shortLabel(String label, Set<String> shared) {
        String s = String.join(
                ",",
                Arrays.stream(label.split(",")).filter(p -> !shared.contains(p)).toList());
        return s.isEmpty() ? label : s;
    }
}
