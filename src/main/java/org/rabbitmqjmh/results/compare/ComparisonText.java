package org.rabbitmqjmh.results.compare;

import java.util.List;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.Numbers;
import org.rabbitmqjmh.results.Table;

/** What {@code compare} prints: the table, the benchmarks in one run only, and a one-line summary. */
public final class ComparisonText {

    private static final String RAW_DATA_NOTE =
            "* no rawData in a file: interval from JMH's 99.9% score errors, conservative";

    private ComparisonText() {}

    static String terminal(Comparison comparison) {
        StringBuilder out = new StringBuilder(table(comparison).toText());
        if (usedScoreErrors(comparison)) {
            out.append(RAW_DATA_NOTE).append('\n');
        }
        appendList(
                out,
                "only in base",
                comparison.onlyInBase().stream().map(BenchmarkKey::label).toList(),
                "  ");
        appendList(
                out,
                "only in head",
                comparison.onlyInHead().stream().map(BenchmarkKey::label).toList(),
                "  ");
        appendList(out, "not compared, units differ", comparison.unitsDiffer(), "  ");
        return out.append('\n').append(summary(comparison)).append('\n').toString();
    }

    /** The comparison in Markdown: which runs, the table, the summary (a file adds its own heading). */
    static String markdown(Comparison comparison, String base, String head) {
        StringBuilder out = new StringBuilder();
        out.append("Base: `").append(base).append("`  \nHead: `").append(head).append("`\n\n");
        out.append(table(comparison).toMarkdown());
        if (usedScoreErrors(comparison)) {
            out.append('\n').append(RAW_DATA_NOTE.replace("*", "\\*")).append('\n');
        }
        appendList(
                out,
                "**Only in base**",
                comparison.onlyInBase().stream().map(ComparisonText::code).toList(),
                "- ");
        appendList(
                out,
                "**Only in head**",
                comparison.onlyInHead().stream().map(ComparisonText::code).toList(),
                "- ");
        appendList(out, "**Not compared, units differ**", comparison.unitsDiffer(), "- ");
        return out.append('\n').append(summary(comparison)).append('\n').toString();
    }

    public static String summary(Comparison c) {
        return c.count(Verdict.SLOWER) + " slower, " + c.count(Verdict.FASTER) + " faster, "
                + c.count(Verdict.NO_CHANGE) + " no change, of " + c.rows().size() + " compared"
                + " (threshold " + Numbers.plain(c.thresholdPercent()) + "%"
                + (c.noiseFloors() ? ", or a row's noise floor" : "")
                + ", 95% interval of head/base" + (c.paired() ? " paired by round (interleaved run)" : "") + ";"
                + " method in docs/compare.md)"
                + (c.rows().stream().anyMatch(r -> !r.gated() && r.verdict() != Verdict.NO_CHANGE)
                        ? "; a row marked not gated fails nothing (process CPU, 99th percentiles: too noisy to gate)"
                        : "");
    }

    private static Table table(Comparison comparison) {
        Table table = new Table(
                "benchmark",
                "mode",
                "params",
                "unit",
                "base>",
                "head>",
                "head/base>",
                "95% interval>",
                "change>",
                "threshold>",
                "verdict");
        for (ComparisonRow row : comparison.rows()) {
            table.add(
                    row.key().shortName(),
                    row.key().mode(),
                    row.key().paramsLabel(),
                    row.unit(),
                    Numbers.score(row.baseScore()),
                    Numbers.score(row.headScore()),
                    Numbers.ratio(row.ratio()),
                    Numbers.interval(row.interval()) + (row.fromSamples() ? "" : "*"),
                    Numbers.percent(row.changePercent()),
                    Numbers.plain(row.thresholdPercent()) + "%",
                    row.verdict() + (row.gated() || row.verdict() == Verdict.NO_CHANGE ? "" : " (not gated)"));
        }
        return table;
    }

    private static String code(BenchmarkKey key) {
        return "`" + key.label() + "`";
    }

    private static boolean usedScoreErrors(Comparison comparison) {
        return comparison.rows().stream().anyMatch(r -> !r.fromSamples());
    }

    private static void appendList(StringBuilder out, String title, List<String> items, String bullet) {
        if (items.isEmpty()) {
            return;
        }
        out.append('\n').append(title).append(":\n");
        items.forEach(item -> out.append(bullet).append(item).append('\n'));
    }
}
