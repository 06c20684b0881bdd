package org.rabbitmqjmh.results;

import java.io.PrintStream;
import org.rabbitmqjmh.profilers.CostMetric;

/**
 * {@code CostTable}: the costs per message a trial records, as a Markdown table made from their one
 * declaration ({@link CostMetric}): docs/metrics.md's table is this program's output (results.Figures).
 */
public final class CostTable {

    private CostTable() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            err.println("error: CostTable takes no arguments, got '" + args[0] + "'");
            return 2;
        }
        Table t = new Table("metric", "what", "unit", "gated", "catches, or why not gated");
        for (CostMetric c : CostMetric.values()) {
            t.add("`" + c.metric() + "`", c.counts(), c.unit(), c.gated() ? "yes" : "no", c.why());
        }
        out.print(t.toMarkdown());
        return 0;
    }
}
