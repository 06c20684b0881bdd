package org.rabbitmqjmh.results;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * A compare as bars: the speed change of each row in percent, coloured by verdict. Speed, so that up is
 * faster for throughput and time per operation alike (a time ratio r is a speed change of 1/r - 1);
 * change rather than ratio, so that bars grow from "no change". One series per verdict, overlapped, is
 * how XChart colours single bars.
 */
final class ChangeChart {

  private ChangeChart() {
  }

  static CategoryChart of(Comparison comparison) {
    CategoryChart chart = new CategoryChartBuilder().width(SweepChart.WIDTH).height(SweepChart.HEIGHT + 300)
        .title("head vs base: speed change (threshold " + Numbers.plain(comparison.thresholdPercent()) + "%)")
        .yAxisTitle("speed change (%), up is faster").build();
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
    chart.getStyler().setXAxisLabelRotation(90);
    List<String> labels = comparison.rows().stream().map(r -> r.key().label()).toList();
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
