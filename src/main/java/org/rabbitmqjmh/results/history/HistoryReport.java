package org.rabbitmqjmh.results.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;

/**
 * What {@code history report} writes into a machine's folder: {@code changes.md} (the table and the
 * verdict), {@code charts/NNN-….png} (one {@link TrendChart} per series) and {@code index.html} showing
 * them all, grouped by benchmark, the series with a change first. Plain HTML, no scripts.
 */
final class HistoryReport {

    private HistoryReport() {}

    /** Returns the number of charts written. */
    static int write(Path folder, Fingerprint machine, List<HistoryRecord> records, Changes changes)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path charts = folder.resolve("charts");
        Files.createDirectories(charts);
        try (var old = Files.list(charts)) {
            for (Path p :
                    old.filter(p -> p.getFileName().toString().endsWith(".png")).toList()) {
                Files.delete(p); // a series that is gone must not leave its chart behind
            }
        }
        List<String> files = new ArrayList<>();
        List<Series> all = changes.series();
        for (int i = 0; i < all.size(); i++) {
            Series s = all.get(i);
            String name = String.format(Locale.ROOT, "%03d-%s", i + 1, slug(s));
            BitmapEncoder.saveBitmap(
                    TrendChart.of(s, changes.of(s)), charts.resolve(name).toString(), BitmapFormat.PNG);
            files.add(name + ".png");
        }
        String md = "# Changes in this history\n\n" + machine.describe() + "; " + records.size() + " records, "
                + records.get(0).point() + " … "
                + records.get(records.size() - 1).point() + ".\n\n"
                + changes.summary() + ".\n\n" + (changes.all().isEmpty() ? "No change point.\n" : changes.markdown());
        Files.writeString(folder.resolve("changes.md"), md, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("index.html"), html(machine, records, changes, files), StandardCharsets.UTF_8);
        return files.size();
    }

    private static String html(Fingerprint machine, List<HistoryRecord> records, Changes changes, List<String> files) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>rabbitmq-jmh history</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:2px 8px}img{max-width:100%}figure{margin:1em 0}")
                .append(".regression{color:#c0392b}.improvement{color:#27ae60}</style></head><body>\n")
                .append("<h1>History across commits</h1>\n<p>")
                .append(escape(machine.describe()))
                .append("</p>\n<p>")
                .append(records.size())
                .append(" records: ");
        for (HistoryRecord r : records) {
            h.append(escape(r.point())).append(r == records.get(records.size() - 1) ? "" : ", ");
        }
        h.append("</p>\n<p>").append(escape(changes.summary())).append("</p>\n<h2>Change points</h2>\n");
        appendChangePoints(h, changes);
        h.append("<h2>Every series</h2>\n");
        List<Series> all = changes.series();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        // series with a change first, the rest in their order
        order.sort((a, b) -> Boolean.compare(
                changes.of(all.get(a)).isEmpty(), changes.of(all.get(b)).isEmpty()));
        for (int i : order) {
            Series s = all.get(i);
            String caption = s.key().nameAndParams().replaceFirst(":[^ ]*", "") + ": " + metric(s) + " (" + s.unit()
                    + ")" + (s.gated() ? "" : ", not gated");
            h.append("<figure><img src=\"charts/")
                    .append(escape(files.get(i)))
                    .append("\" alt=\"")
                    .append(escape(caption))
                    .append("\"><figcaption>")
                    .append(escape(caption))
                    .append("</figcaption></figure>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    /** The table of change points, or "None.". */
    private static void appendChangePoints(StringBuilder h, Changes changes) {
        if (changes.all().isEmpty()) {
            h.append("<p>None.</p>\n");
        } else {
            h.append("<table><tr><th>row</th><th>metric</th><th>between</th><th>change</th><th>p</th><th>gated</th>"
                    + "<th>verdict</th></tr>\n");
            for (Changes.Change c : changes.all()) {
                h.append("<tr><td>")
                        .append(escape(c.series().key().nameAndParams().replaceFirst(":[^ ]*", "")))
                        .append("</td><td>")
                        .append(escape(metric(c.series())))
                        .append("</td><td>")
                        .append(escape(c.from() + " → " + c.to()))
                        .append("</td><td>")
                        .append(Changes.percent(c.point().relativeChange()))
                        .append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.2g", c.point().pValue()))
                        .append("</td><td>")
                        .append(c.series().gated() ? "yes" : "no")
                        .append("</td><td class=\"")
                        .append(c.verdict())
                        .append("\">")
                        .append(c.verdict())
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
    }

    private static String metric(Series s) {
        return s.key().metricName();
    }

    /** {@code publishbenchmark-publish-cost-client-cpu}: the chart's file name. */
    static String slug(Series s) {
        String benchmark = s.key().shortName().replaceFirst(":.*$", "");
        return (benchmark + "-" + metric(s)).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
