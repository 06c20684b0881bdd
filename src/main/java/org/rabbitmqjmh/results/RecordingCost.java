package org.rabbitmqjmh.results;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * {@code recording-cost FILE...}: the per-message timing rows' cost, from runs that measured a benchmark
 * with {@code recording=on} and {@code off} (results/recording-cost/): per trial, JMH's score ± error and
 * the fork means; then per pair, on - off, and on / off as the ratio of the medians of all iterations and
 * of the means of the fork means, the widest spread of one setting's fork means (highest / lowest - 1),
 * and Welch's t on the two settings' fork means. Prints markdown; exit 0, or 2 on unusable input.
 * Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.RecordingCost results/recording-cost/recorder-ns.json}
 */
public final class RecordingCost {

    private static final String USAGE = "usage: recording-cost FILE...  (JMH JSON files holding recording=on and off)";
    private static final String RECORDING = "recording";

    private RecordingCost() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].startsWith("-")) {
            err.println("recording-cost: " + USAGE);
            return 2;
        }
        StringBuilder b = new StringBuilder();
        try {
            for (String arg : args) {
                b.append(file(Path.of(arg)));
            }
        } catch (BadInputException e) {
            err.println("recording-cost: " + e.getMessage());
            return 2;
        }
        out.print(b);
        return 0;
    }

    private static String file(Path file) throws BadInputException {
        // Trials that differ only in recording, keyed by everything else.
        Map<String, Map<String, JmhResult>> pairs = new LinkedHashMap<>();
        for (JmhResult r : JmhJson.read(file)) {
            String recording = r.key().params().get(RECORDING);
            if (r.key().metric().isEmpty() && recording != null && r.hasSamples()) {
                Map<String, String> rest = new TreeMap<>(r.key().params());
                rest.remove(RECORDING);
                pairs.computeIfAbsent(r.key().shortName() + " " + rest, k -> new LinkedHashMap<>())
                        .put(recording, r);
            }
        }
        if (pairs.isEmpty()) {
            throw new BadInputException(file + " holds no trial with a recording param");
        }
        StringBuilder b = new StringBuilder();
        for (Map<String, JmhResult> pair : pairs.values()) {
            JmhResult on = pair.get("on");
            JmhResult off = pair.get("off");
            if (on == null || off == null) {
                throw new BadInputException(
                        file + ": " + pair.values().iterator().next().key().label() + " lacks recording=on or off");
            }
            b.append(String.format(
                    Locale.ROOT,
                    "`%s`, %s:%n%n| recording | score (%s) | fork means |%n|---|---:|---|%n",
                    file.getFileName(),
                    on.key().shortName(),
                    on.unit()));
            for (JmhResult r : List.of(on, off)) {
                b.append(String.format(
                        Locale.ROOT,
                        "| %s | %s ± %s | %s |%n",
                        r.key().params().get(RECORDING),
                        number(r.score()),
                        number(r.scoreError()),
                        Arrays.stream(r.forkMeans())
                                .mapToObj(RecordingCost::number)
                                .collect(Collectors.joining("; "))));
            }
            b.append(String.format(
                    Locale.ROOT,
                    "%non - off: %s %s; on / off: %.2f (medians of the iterations), %.2f (means of "
                            + "the fork means); one setting's fork means differ by up to %.0f%%; Welch's t on the fork means %.1f.%n%n",
                    number(on.score() - off.score()),
                    on.unit(),
                    median(on) / median(off),
                    mean(on.forkMeans()) / mean(off.forkMeans()),
                    100 * Math.max(spread(on.forkMeans()), spread(off.forkMeans())),
                    Math.abs(new TTest().t(on.forkMeans(), off.forkMeans()))));
        }
        return b.toString();
    }

    private static double median(JmhResult r) {
        return Quantiles.median(
                Arrays.stream(r.samples()).flatMapToDouble(Arrays::stream).toArray());
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double spread(double[] v) {
        return Arrays.stream(v).max().orElseThrow() / Arrays.stream(v).min().orElseThrow() - 1;
    }

    /** Below 1,000 one decimal (ns a message), above whole and grouped (messages a second). */
    private static String number(double v) {
        return Math.abs(v) < 1000 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%,.0f", v);
    }
}
