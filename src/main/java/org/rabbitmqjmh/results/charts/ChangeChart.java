package org.rabbitmqjmh.results.charts;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.rabbitmqjmh.results.Direction;
import org.rabbitmqjmh.results.Numbers;
import org.rabbitmqjmh.results.compare.Comparison;
import org.rabbitmqjmh.results.compare.ComparisonRow;
import org.rabbitmqjmh.results.compare.Verdict;

/**
 * A compare as bars: the speed change of each row in percent, coloured by verdict. Speed, so that up is
 * faster for throughput and time per operation alike (a time ratio r is a speed change of 1/r - 1);
 * change rather than ratio, so that bars grow from "no change". One series per verdict, overlapped, is
 * how XChart colours single bars.
 */
final class ChangeChart {

    private ChangeChart() {}

    static CategoryChart of(Comparison comparison) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(SweepChart.WIDTH)
                .height(SweepChart.HEIGHT + 250)
                .title("head vs base: speed change (threshold " + Numbers.plain(comparison.thresholdPercent()) + "%)")
                .yAxisTitle("speed change (%), up is faster")
                .build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(90);
        List<String> labels = labels(comparison.rows());
        List<Color> colors = new ArrayList<>();
        for (Verdict verdict : Verdict.values()) {
            List<Double> change = new ArrayList<>();
            for (ComparisonRow row : comparison.rows()) {
                change.add(row.verdict() == verdict ? speedChangePercent(row) : 0.0);
            }
            if (comparison.count(verdict) > 0) {
                chart.addSeries(verdict.toString(), labels, change);
                colors.add(color(verdict));
            }
        }
        chart.getStyler().setSeriesColors(colors.toArray(Color[]::new));
        return chart;
    }

    /**
     * Short, unique bar labels: the benchmark class and only the params whose values differ between rows
     * (a full key is a line long and would crowd the bars out of the chart).
     */
    static List<String> labels(List<ComparisonRow> rows) {
        Set<String> varying = new TreeSet<>();
        for (ComparisonRow a : rows) {
            for (var e : a.key().params().entrySet()) {
                for (ComparisonRow b : rows) {
                    if (!e.getValue().equals(b.key().params().get(e.getKey()))) {
                        varying.add(e.getKey());
                    }
                }
            }
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ComparisonRow r = rows.get(i);
            String type = r.key().shortName().replaceFirst("\\..*$", "");
            String params = r.key().params().entrySet().stream()
                    .filter(e -> varying.contains(e.getKey()))
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            String label = (i + 1) + " " + type + (params.isEmpty() ? "" : " " + params);
            labels.add(label.length() > 60 ? label.substring(0, 57) + "..." : label);
        }
        return labels;
    }

    static double speedChangePercent(ComparisonRow row) {
        double speedRatio = row.direction() == Direction.HIGHER_IS_BETTER ? row.ratio() : 1 / row.ratio();
        return (speedRatio - 1) * 100;
    }

    private static Color color(Verdict verdict) {
        return switch (verdict) {
            case SLOWER -> new Color(0xC0392B);
            case FASTER -> new Color(0x27AE60);
            case NO_CHANGE -> new Color(0x95A5A6);
        };
    }
}
