package org.rabbitmqjmh.results;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * {@code failover-table FILE...}: the reports {@code programs.Failover} printed (one file a batch of runs,
 * each run a {@code failover:} block) summed up, one row a file: the runs; the publish and consume
 * windows (kill to the first confirm, and the first delivery, of a message published after it) as median
 * and range over the runs that recovered; the messages published again, the duplicates and the nacks as
 * ranges; the messages lost (confirmed, never delivered) added up; and how many runs recovered (a run
 * that recovered has both windows). Exit 0, or 2 when a file cannot be read or holds no run.
 * Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.FailoverTable results/cluster/failover/leader.txt}
 */
public final class FailoverTable {

    private static final Pattern PUBLISH = Pattern.compile("publish unavailable: (\\d+) ms");
    private static final Pattern CONSUME = Pattern.compile("consume unavailable: (\\d+) ms");
    private static final Pattern AGAIN = Pattern.compile("published: \\d+ \\((\\d+) of them again");
    private static final Pattern NACKED = Pattern.compile("nacked: (\\d+)");
    private static final Pattern DUPLICATES = Pattern.compile("duplicates: (\\d+)");
    private static final Pattern LOST = Pattern.compile("lost \\(confirmed, never delivered\\): (\\d+)");

    private FailoverTable() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("usage: failover-table FILE...  (the reports of programs.Failover, one file a batch of runs)");
            return 2;
        }
        Table table = new Table(
                "file",
                "runs>",
                "publish window ms (median, range)",
                "consume window ms",
                "republished",
                "duplicates",
                "nacked",
                "lost>",
                "recovered");
        for (String file : args) {
            String text;
            try {
                text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("failover-table: cannot read " + file + ": " + e.getMessage());
                return 2;
            }
            List<String> runs = new ArrayList<>();
            for (String block : text.split("(?m)^(?=failover: )")) {
                if (block.startsWith("failover: ")) {
                    runs.add(block);
                }
            }
            if (runs.isEmpty()) {
                err.println("failover-table: " + file + " holds no run (no line starting 'failover: ')");
                return 2;
            }
            addRow(table, Path.of(file).getFileName().toString(), runs);
        }
        out.print(table.toMarkdown());
        return 0;
    }

    /** One file's row: its runs' windows, counts and losses. */
    private static void addRow(Table table, String file, List<String> runs) {
        DescriptiveStatistics publish = new DescriptiveStatistics();
        DescriptiveStatistics consume = new DescriptiveStatistics();
        DescriptiveStatistics again = new DescriptiveStatistics();
        DescriptiveStatistics duplicates = new DescriptiveStatistics();
        DescriptiveStatistics nacked = new DescriptiveStatistics();
        long lost = 0;
        int recovered = 0;
        for (String run : runs) {
            Matcher p = PUBLISH.matcher(run);
            Matcher c = CONSUME.matcher(run);
            boolean both = p.find() & c.find();
            if (both) {
                recovered++;
                publish.addValue(Long.parseLong(p.group(1)));
                consume.addValue(Long.parseLong(c.group(1)));
            }
            first(AGAIN, run, again);
            first(DUPLICATES, run, duplicates);
            first(NACKED, run, nacked);
            Matcher l = LOST.matcher(run);
            if (l.find()) {
                lost += Long.parseLong(l.group(1));
            }
        }
        table.add(
                file,
                Integer.toString(runs.size()),
                window(publish),
                window(consume),
                range(again),
                range(duplicates),
                range(nacked),
                Long.toString(lost),
                recovered + " of " + runs.size());
    }

    private static void first(Pattern pattern, String run, DescriptiveStatistics into) {
        Matcher m = pattern.matcher(run);
        if (m.find()) {
            into.addValue(Long.parseLong(m.group(1)));
        }
    }

    /** {@code 344 (133–469)}, the median and range of the windows of the runs that recovered. */
    static String window(DescriptiveStatistics s) {
        if (s.getN() == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", s.getPercentile(50), s.getMin(), s.getMax());
    }

    static String range(DescriptiveStatistics s) {
        if (s.getN() == 0) {
            return "-";
        }
        return s.getMin() == s.getMax()
                ? String.format(Locale.ROOT, "%.0f", s.getMin())
                : String.format(Locale.ROOT, "%.0f–%.0f", s.getMin(), s.getMax());
    }
}
