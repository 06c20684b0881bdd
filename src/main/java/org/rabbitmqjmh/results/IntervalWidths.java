package org.rabbitmqjmh.results;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code interval-widths COMPARE_MD METRIC...}: for each METRIC (a secondary metric's name such as
 * {@code cost.broker.reductions}, or {@code score} for the primary rows), how wide the 95% intervals of
 * head/base are in a comparison table that {@code compare --markdown} wrote: the number of rows, the
 * narrowest, the widest and the median width, in points (hundredths of the ratio). A README that says
 * how precise one measure was against another prints these lines rather than restating them.
 * Exit 0, or 2 when the file cannot be read or a metric has no row with an interval.
 * Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.IntervalWidths results/<run>/compare.md
 * cost.broker.reductions cost.broker.cpu}
 */
public final class IntervalWidths {

    private static final Pattern INTERVAL = Pattern.compile("\\[(-?[\\d.]+), (-?[\\d.]+)\\]");

    private IntervalWidths() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println("usage: interval-widths COMPARE_MD METRIC...  (a table written by compare --markdown; "
                    + "METRIC a secondary metric's name, or score)");
            return 2;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("interval-widths: cannot read " + args[0] + ": " + e.getMessage());
            return 2;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < args.length; i++) {
            List<Double> w = widths(lines, args[i]);
            if (w.isEmpty()) {
                err.println("interval-widths: no row of " + args[i] + " with a 95% interval in " + args[0]);
                return 2;
            }
            text.append(line(args[i], w)).append('\n');
        }
        out.print(text);
        return 0;
    }

    /** The widths in points, rounded to 0.1, of METRIC's rows' 95% intervals, in the table's order. */
    static List<Double> widths(List<String> lines, String metric) {
        List<Double> w = new ArrayList<>();
        for (String line : lines) {
            String t = line.strip();
            if (!t.startsWith("| ")) {
                continue;
            }
            String[] f = t.substring(1, t.endsWith("|") ? t.length() - 1 : t.length())
                    .split("\\|", -1);
            if (f.length < 8) {
                continue;
            }
            String name = f[0].strip();
            boolean wanted = metric.equals("score")
                    ? !name.contains(":") && !name.equals("benchmark")
                    : name.endsWith(":" + metric);
            Matcher m = INTERVAL.matcher(f[7].strip());
            if (wanted && m.matches()) {
                w.add(Math.round((Double.parseDouble(m.group(2)) - Double.parseDouble(m.group(1))) * 1000) / 10.0);
            }
        }
        return w;
    }

    static String line(String metric, List<Double> widths) {
        List<Double> s = new ArrayList<>(widths);
        Collections.sort(s);
        int n = s.size();
        double median = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        return String.format(
                Locale.ROOT,
                "%s: %d rows, interval widths %.1f to %.1f points, median %.1f",
                metric,
                n,
                s.get(0),
                s.get(n - 1),
                median);
    }
}
