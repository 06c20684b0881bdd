package org.rabbitmqjmh.results.charts;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rabbitmqjmh.results.JmhResult;
import org.rabbitmqjmh.results.Numbers;
import org.rabbitmqjmh.results.compare.Comparison;
import org.rabbitmqjmh.results.compare.ComparisonRow;
import org.rabbitmqjmh.results.compare.ComparisonText;
import org.rabbitmqjmh.results.compare.Verdict;

/**
 * The {@code index.html} of a report: the compare (if any), the charts, every result as a table, and the
 * run's environment. Plain HTML with no scripts, so it opens from disk and in any CI artifact viewer.
 */
final class IndexPage {

    /** A chart file under {@code charts/} and the line that says what it shows. */
    record Figure(String file, String caption) {}

    private final StringBuilder html = new StringBuilder();

    IndexPage(String title) {
        html.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:2px 8px}td.n{text-align:right}img{max-width:100%}"
                        + "figure{margin:1em 0}.slower{color:#c0392b}.faster{color:#27ae60}</style></head><body>\n")
                .append("<h1>")
                .append(escape(title))
                .append("</h1>\n");
    }

    IndexPage comparison(Comparison comparison, String base, Figure chart) {
        html.append("<h2>Compared with ").append(escape(base)).append("</h2>\n");
        figure(chart);
        html.append("<table><tr><th>benchmark</th><th>params</th><th>unit</th><th>base</th><th>head</th>"
                + "<th>head/base</th><th>95% interval</th><th>change</th><th>verdict</th></tr>\n");
        for (ComparisonRow row : comparison.rows()) {
            String verdictClass = row.verdict() == Verdict.NO_CHANGE
                    ? ""
                    : row.verdict().name().toLowerCase(Locale.ROOT);
            html.append("<tr>")
                    .append(cell(row.key().shortName() + " " + row.key().mode()))
                    .append(cell(row.key().paramsLabel()))
                    .append(cell(row.unit()))
                    .append(number(Numbers.score(row.baseScore())))
                    .append(number(Numbers.score(row.headScore())))
                    .append(number(Numbers.ratio(row.ratio())))
                    .append(number(Numbers.interval(row.interval())))
                    .append(number(Numbers.percent(row.changePercent())))
                    .append("<td class=\"")
                    .append(verdictClass)
                    .append("\">")
                    .append(row.verdict())
                    .append("</td></tr>\n");
        }
        html.append("</table>\n<p>")
                .append(escape(ComparisonText.summary(comparison)))
                .append("</p>\n");
        return this;
    }

    IndexPage charts(List<Figure> figures) {
        html.append("<h2>Charts</h2>\n");
        if (figures.isEmpty()) {
            html.append("<p>No benchmark swept a param (ran with more than one value of it), so there is nothing"
                    + " to chart; the table below has every score.</p>\n");
        }
        figures.forEach(this::figure);
        return this;
    }

    IndexPage results(List<JmhResult> results) {
        html.append("<h2>Results</h2>\n<table><tr><th>benchmark</th><th>mode</th><th>params</th><th>score</th>"
                + "<th>error (99.9%)</th><th>unit</th></tr>\n");
        for (JmhResult r : results) {
            html.append("<tr>")
                    .append(cell(r.key().shortName()))
                    .append(cell(r.key().mode()))
                    .append(cell(r.key().paramsLabel()))
                    .append(number(Numbers.score(r.score())))
                    .append(number(Numbers.score(r.scoreError())))
                    .append(cell(r.unit()))
                    .append("</tr>\n");
        }
        html.append("</table>\n");
        return this;
    }

    IndexPage environment(Map<String, String> properties) {
        if (!properties.isEmpty()) {
            html.append("<h2>Environment</h2>\n<table>\n");
            properties.forEach((k, v) ->
                    html.append("<tr>").append(cell(k)).append(cell(v)).append("</tr>\n"));
            html.append("</table>\n");
        }
        return this;
    }

    String toHtml() {
        return html + "</body></html>\n";
    }

    private void figure(Figure f) {
        html.append("<figure><img src=\"charts/")
                .append(escape(f.file()))
                .append("\" alt=\"")
                .append(escape(f.caption()))
                .append("\"><figcaption>")
                .append(escape(f.caption()))
                .append("</figcaption></figure>\n");
    }

    private static String cell(String text) {
        return "<td>" + escape(text) + "</td>";
    }

    private static String number(String text) {
        return "<td class=\"n\">" + escape(text) + "</td>";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
