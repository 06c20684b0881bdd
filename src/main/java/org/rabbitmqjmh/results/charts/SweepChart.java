package org.rabbitmqjmh.results.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.ChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.rabbitmqjmh.results.JmhResult;

/**
 * Draws a {@link Sweep}: score with JMH's error (99.9%) as error bars, one line per combination of the
 * other swept params. Numeric params get a real x axis, logarithmic when the values span two decades or
 * more (message sizes 16 .. 65536 would otherwise crowd into one corner); other params get categories.
 */
final class SweepChart {

    static final int WIDTH = 900;
    static final int HEIGHT = 540;

    private SweepChart() {}

    /** Every sweep chart's size and title. */
    private static <B extends ChartBuilder<?, ?>> B framed(B builder, Sweep sweep) {
        builder.width(WIDTH).height(HEIGHT).title(sweep.title());
        return builder;
    }

    static Chart<?, ?> of(Sweep sweep) {
        return sweep.numeric() ? numeric(sweep) : categories(sweep);
    }

    private static XYChart numeric(Sweep sweep) {
        XYChart chart = framed(new XYChartBuilder(), sweep)
                .xAxisTitle(sweep.param())
                .yAxisTitle(yTitle(sweep))
                .build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Map<String, JmhResult>> line : sweep.series().entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> error = new ArrayList<>();
            for (String value : sweep.values()) {
                JmhResult r = line.getValue().get(value);
                if (r != null && Double.isFinite(r.score())) {
                    double v = Double.parseDouble(value);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    x.add(v);
                    y.add(r.score());
                    error.add(errorBar(r));
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(line.getKey(), x, y, error);
            }
        }
        chart.getStyler().setXAxisLogarithmic(min > 0 && max / min >= 100);
        return chart;
    }

    /**
     * XChart places category points by position and cannot draw error bars next to a gap, so a chart where
     * some line lacks a value (a failed or filtered point) leaves the gap and drops the error bars.
     */
    private static CategoryChart categories(Sweep sweep) {
        CategoryChart chart = framed(new CategoryChartBuilder(), sweep)
                .xAxisTitle(sweep.param())
                .yAxisTitle(yTitle(sweep))
                .build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Line);
        chart.getStyler().setOverlapped(true);
        boolean complete = sweep.series().values().stream()
                .allMatch(line -> sweep.values().stream()
                        .allMatch(v -> line.containsKey(v)
                                && Double.isFinite(line.get(v).score())));
        for (Map.Entry<String, Map<String, JmhResult>> line : sweep.series().entrySet()) {
            List<Double> y = new ArrayList<>();
            List<Double> error = new ArrayList<>();
            for (String value : sweep.values()) {
                JmhResult r = line.getValue().get(value);
                y.add(r != null && Double.isFinite(r.score()) ? r.score() : null);
                error.add(r == null ? 0 : errorBar(r));
            }
            if (complete) {
                chart.addSeries(line.getKey(), sweep.values(), y, error);
            } else {
                chart.addSeries(line.getKey(), sweep.values(), y);
            }
        }
        return chart;
    }

    private static String yTitle(Sweep sweep) {
        return "score (" + sweep.unit() + ")";
    }

    /** JMH leaves the error NaN for a single iteration; no bar is better than a broken chart. */
    private static double errorBar(JmhResult r) {
        return Double.isFinite(r.scoreError()) ? r.scoreError() : 0;
    }
}
