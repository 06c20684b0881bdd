package org.rabbitmqjmh.results.history;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rabbitmqjmh.results.Direction;

/**
 * One series against its points: the score as a line, the band from the smallest to the largest fork
 * mean behind it, and each change point as a vertical line between the last point of the old level and
 * the first of the new, labelled with its step. Points are evenly spaced and labelled by name (a short
 * commit or a release): a history is ordered by commit, not by time.
 */
final class TrendChart {

    static final int WIDTH = 900;
    static final int HEIGHT = 420;

    private TrendChart() {}

    static XYChart of(Series series, List<Changes.Change> changes) {
        String metric = series.key().metricName();
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(series.key().shortName().replaceFirst(":.*$", "") + " " + metric)
                .xAxisTitle(series.key().paramsLabel())
                .yAxisTitle(metric + " (" + series.unit() + "), "
                        + (series.direction() == Direction.HIGHER_IS_BETTER ? "higher" : "lower")
                        + " is better")
                .build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setYAxisMin(0.0);
        // No x-axis min, max or label rotation: with any of them XChart 3.8.8 drops the custom tick labels.
        List<String> points = series.points();
        chart.setCustomXAxisTickLabelsFormatter(x -> {
            long i = Math.round(x);
            return Math.abs(x - i) < 1e-6 && i >= 0 && i < points.size() ? points.get((int) i) : "";
        });
        addSeries(chart, series);
        double top = 0;
        for (double v : series.high()) {
            top = Math.max(top, v);
        }
        for (Changes.Change c : changes) {
            double at = c.point().index() - 0.5;
            AnnotationLine line = new AnnotationLine(at, true, false);
            chart.addAnnotation(line);
            chart.addAnnotation(new AnnotationText(
                    String.format(
                            Locale.ROOT,
                            "%s %+.1f%% p=%.1g",
                            c.regression() ? "worse" : "better",
                            c.point().relativeChange() * 100,
                            c.point().pValue()),
                    at,
                    top * 0.08,
                    false));
        }
        chart.getStyler().setAnnotationLineColor(new Color(0xC0392B));
        chart.getStyler().setAnnotationLineStroke(new BasicStroke(2f));
        return chart;
    }

    /** The fork spread as a band (one polygon: along the largest fork means, back along the smallest), the score on it. */
    private static void addSeries(XYChart chart, Series series) {
        int n = series.size();
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        if (n > 0) {
            double[] bandX = new double[2 * n];
            double[] bandY = new double[2 * n];
            for (int i = 0; i < n; i++) {
                bandX[i] = i;
                bandY[i] = series.high()[i];
                bandX[2 * n - 1 - i] = i;
                bandY[2 * n - 1 - i] = series.low()[i];
            }
            XYSeries band = chart.addSeries("fork spread (min-max)", bandX, bandY);
            band.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
            band.setMarker(SeriesMarkers.NONE);
            band.setFillColor(new Color(52, 152, 219, 60));
            band.setLineColor(new Color(52, 152, 219, 60));
            XYSeries score = chart.addSeries("score (mean of forks)", x, series.values());
            score.setMarker(SeriesMarkers.CIRCLE);
            score.setLineColor(new Color(0x2C3E50));
            score.setMarkerColor(new Color(0x2C3E50));
        }
    }
}
