package org.rabbitmqjmh.results.calibration;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;
import org.rabbitmqjmh.results.Numbers;
import org.rabbitmqjmh.results.Table;

/**
 * {@code per-fork RUN [METRIC...]}: each trial of a run fork by fork: the score and each named secondary
 * metric as the fork's mean over its measurement iterations (default: the speed probe, the Java threads'
 * and the broker's CPU per message, and the scheduler's switches and run-queue waits per message, the
 * figures that tell a slow fork from a fast one). Where the speed probe ran ({@code sched.client.probe}),
 * one more line says how the Java threads' CPU per message follows it over the forks: the correlation r
 * of their logs, the sd of the log CPU per message, of the log of it divided by the probe, and of the
 * residual of a least-squares slope of the one log on the other (in sample). A metric a trial lacks
 * shows as "-"; a column no fork of the trial has is left out. Exit 0, or 2 on unusable input.
 * Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.calibration.PerFork results/<run>}
 */
public final class PerFork {

    static final String PROBE = "sched.client.probe";
    static final String JAVA_CPU = "cost.client.cpu.java";
    static final List<String> DEFAULT_METRICS = List.of(
            PROBE,
            JAVA_CPU,
            "cost.broker.cpu",
            "sched.client.switches",
            "sched.client.runq",
            "sched.broker.switches",
            "sched.broker.runq");

    private PerFork() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1) {
            err.println("usage: per-fork RUN [METRIC...]  (a run folder or JMH JSON file; the metrics default to "
                    + String.join(" ", DEFAULT_METRICS) + ")");
            return 2;
        }
        List<String> metrics = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : DEFAULT_METRICS;
        try {
            out.print(markdown(JmhJson.read(Path.of(args[0]), metrics::contains), metrics));
            return 0;
        } catch (BadInputException e) {
            err.println("per-fork: " + e.getMessage());
            return 2;
        }
    }

    static String markdown(List<JmhResult> results, List<String> metrics) throws BadInputException {
        Map<BenchmarkKey, Map<String, JmhResult>> trials = new LinkedHashMap<>();
        for (JmhResult r : results) {
            String metric = r.key().metric();
            String benchmark = r.key().benchmark();
            BenchmarkKey trial = metric.isEmpty()
                    ? r.key()
                    : BenchmarkKey.of(
                            benchmark.substring(0, benchmark.indexOf(':')),
                            r.key().mode(),
                            r.key().params());
            trials.computeIfAbsent(trial, k -> new LinkedHashMap<>()).put(metric, r);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<BenchmarkKey, Map<String, JmhResult>> t : trials.entrySet()) {
            JmhResult score = t.getValue().get("");
            if (score == null || !score.hasSamples()) {
                continue;
            }
            List<String> columns = new ArrayList<>(List.of("fork>", "score (" + score.unit() + ")>"));
            for (String m : metrics) {
                JmhResult r = t.getValue().get(m);
                columns.add(m + (r == null ? "" : " (" + r.unit() + ")") + ">");
            }
            Table table = new Table(columns.toArray(String[]::new));
            double[] scores = score.forkMeans();
            for (int f = 0; f < scores.length; f++) {
                List<String> row = new ArrayList<>(List.of(Integer.toString(f + 1), Numbers.score(scores[f])));
                for (String m : metrics) {
                    JmhResult r = t.getValue().get(m);
                    double[] means = r == null ? new double[0] : r.forkMeans();
                    row.add(f < means.length ? Numbers.score(means[f]) : "-");
                }
                table.add(row.toArray(String[]::new));
            }
            out.append(out.length() == 0 ? "" : "\n")
                    .append("**")
                    .append(t.getKey().nameAndParams())
                    .append("**\n\n");
            out.append(table.withoutEmptyColumns().toMarkdown());
            JmhResult probe = t.getValue().get(PROBE);
            JmhResult cpu = t.getValue().get(JAVA_CPU);
            if (probe != null && cpu != null && probe.forks() == cpu.forks() && probe.forks() > 2) {
                out.append('\n')
                        .append(probeLine(probe.forkMeans(), cpu.forkMeans()))
                        .append('\n');
            }
        }
        if (out.length() == 0) {
            throw new BadInputException("no trial with per-fork samples");
        }
        return out.toString();
    }

    /** How the log of the Java threads' CPU per message follows the log of the probe, fork by fork. */
    static String probeLine(double[] probe, double[] cpu) {
        double[] p = Arrays.stream(probe).map(Math::log).toArray();
        double[] c = Arrays.stream(cpu).map(Math::log).toArray();
        double slope = covariance(p, c) / covariance(p, p);
        double[] ratio = new double[p.length];
        double[] residual = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            ratio[i] = c[i] - p[i];
            residual[i] = c[i] - slope * p[i];
        }
        double r = covariance(p, c) / Math.sqrt(covariance(p, p) * covariance(c, c));
        return String.format(
                Locale.ROOT,
                "Java threads' CPU per message against the probe: r = %.2f; sd of log CPU "
                        + "per message %.1f%%, of log(CPU per message / probe) %.1f%%, of the residual of a fitted slope %.2f: %.1f%%",
                r,
                100 * sd(c),
                100 * sd(ratio),
                slope,
                100 * sd(residual));
    }

    private static double covariance(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(Double.NaN);
        double mb = Arrays.stream(b).average().orElse(Double.NaN);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - ma) * (b[i] - mb);
        }
        return s / (a.length - 1);
    }

    private static double sd(double[] a) {
        return Math.sqrt(covariance(a, a));
    }
}
