package org.rabbitmqjmh.results.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rabbitmqjmh.results.Direction;
import org.rabbitmqjmh.results.Numbers;

/**
 * The change points of every series of a machine's history, and whether the newest of them is a
 * regression CI should stop on.
 *
 * <p>When CI fails: a gated series' newest change is a regression (the score lower, a cost or a latency
 * higher) and it falls within the newest {@code recent} points. A change needs a few points after it to
 * be found at all (EDivisiveTest measures how many), so "the commit just pushed" would be too narrow; an
 * old regression that was let stand, or was followed by a recovery (a newer change), fails nothing.
 */
public final class Changes {

    /** One change point of one series, read for a user. */
    public record Change(Series series, EDivisive.ChangePoint point) {

        /** The point before the change and the first point of the new level: the change is in between. */
        public String from() {
            return series.points().get(point.index() - 1);
        }

        public String to() {
            return series.points().get(point.index());
        }

        public boolean regression() {
            boolean higher = point.meanAfter() > point.meanBefore();
            return series.direction() == Direction.HIGHER_IS_BETTER ? !higher : higher;
        }

        public String verdict() {
            return regression() ? "regression" : "improvement";
        }
    }

    /** What {@code history changes} looks for. */
    public record Settings(double maxP, int window, double minMagnitude, int recent) {
        public static final Settings DEFAULT = new Settings(EDivisive.DEFAULT_MAX_P, EDivisive.DEFAULT_WINDOW, 0, 5);
    }

    private final List<Series> series;
    private final List<Change> changes;
    private final Settings settings;

    private Changes(List<Series> series, List<Change> changes, Settings settings) {
        this.series = series;
        this.changes = changes;
        this.settings = settings;
    }

    public static Changes of(List<Series> series, Settings settings) {
        List<Change> changes = new ArrayList<>();
        for (Series s : series) {
            for (EDivisive.ChangePoint cp :
                    EDivisive.changePoints(s.values(), settings.window(), settings.maxP(), settings.minMagnitude())) {
                changes.add(new Change(s, cp));
            }
        }
        return new Changes(series, List.copyOf(changes), settings);
    }

    public List<Change> all() {
        return changes;
    }

    public List<Series> series() {
        return series;
    }

    public Settings settings() {
        return settings;
    }

    /** Changes of one series, in index order. */
    public List<Change> of(Series s) {
        return changes.stream().filter(c -> c.series() == s).toList();
    }

    /** The regressions CI stops on: each gated series' newest change, when it is a recent regression. */
    public List<Change> newestRegressions() {
        List<Change> failing = new ArrayList<>();
        for (Series s : series) {
            List<Change> mine = of(s);
            if (!s.gated() || mine.isEmpty()) {
                continue;
            }
            Change newest = mine.get(mine.size() - 1);
            if (newest.regression() && newest.point().index() >= s.size() - settings.recent()) {
                failing.add(newest);
            }
        }
        return failing;
    }

    /** The markdown table {@code history changes} prints and writes. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(
                        "| benchmark | params | metric | unit | between | before | after | change | 95% interval | p | t-test p | gated | verdict |\n")
                .append("| --- | --- | --- | --- | --- | ---: | ---: | ---: | --- | ---: | ---: | --- | --- |\n");
        for (Change c : changes) {
            EDivisive.ChangePoint p = c.point();
            double[] interval = p.relativeChangeInterval();
            md.append("| ")
                    .append(c.series().key().shortName().replaceFirst(":.*$", ""))
                    .append(" | ")
                    .append(c.series().key().paramsLabel())
                    .append(" | ")
                    .append(
                            c.series().key().metric().isEmpty()
                                    ? "score"
                                    : c.series().key().metric())
                    .append(" | ")
                    .append(c.series().unit())
                    .append(" | ")
                    .append(c.from())
                    .append(" → ")
                    .append(c.to())
                    .append(" | ")
                    .append(Numbers.score(p.meanBefore()))
                    .append(" | ")
                    .append(Numbers.score(p.meanAfter()))
                    .append(" | ")
                    .append(percent(p.relativeChange()))
                    .append(" | ")
                    .append(
                            Double.isNaN(interval[0])
                                    ? "n/a"
                                    : "[" + percent(interval[0]) + ", " + percent(interval[1]) + "]")
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.2g", p.pValue()))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.2g", p.tTestP()))
                    .append(" | ")
                    .append(c.series().gated() ? "yes" : "no")
                    .append(" | ")
                    .append(c.verdict())
                    .append(" |\n");
        }
        return md.toString();
    }

    /** One line: how many series and changes, and what CI would do. */
    public String summary() {
        List<Change> failing = newestRegressions();
        String head = series.size() + " series, " + changes.size() + " change point(s) at p ≤ "
                + String.format(Locale.ROOT, "%s", settings.maxP()) + " (E-Divisive, t-test, window "
                + settings.window() + ")";
        if (failing.isEmpty()) {
            return head + "; no gated series' newest change is a regression within the newest " + settings.recent()
                    + " points";
        }
        Change c = failing.get(0);
        return head + "; REGRESSION: " + failing.size()
                + " gated series' newest change is a regression within the newest "
                + settings.recent() + " points, e.g. " + c.series().key().label() + " "
                + percent(c.point().relativeChange())
                + " between " + c.from() + " and " + c.to();
    }

    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%+.1f%%", fraction * 100) : "n/a";
    }
}
