package org.rabbitmqjmh.results;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cross-check-table RUN}: the broker's counters beside the client's, trial by trial, as the broker
 * cross-check recorded them (its {@code broker.*} and {@code client.*} secondary metrics): published
 * against received, confirmed against confirmed, received against delivered, each with the broker's
 * count minus the client's; then one line per pair saying in how many trials the two are equal and by
 * how much the others differ. A README that says what the second witness saw prints this table rather
 * than restating it. Exit 0, or 2 when the run is unusable or holds no trial with the counters.
 * Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.CrossCheckTable results/<run>}
 */
public final class CrossCheckTable {

    /** client metric, broker metric: the pairs the cross-check compares, in the table's order. */
    static final List<String[]> PAIRS = List.of(
            new String[] {"client.published", "broker.received"},
            new String[] {"client.confirmed", "broker.confirmed"},
            new String[] {"client.received", "broker.delivered"});

    private CrossCheckTable() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: cross-check-table RUN  (a run folder or JMH JSON file whose trials carry the broker "
                    + "cross-check's broker.* and client.* counters)");
            return 2;
        }
        try {
            out.print(
                    markdown(JmhJson.read(Path.of(args[0]), m -> m.startsWith("broker.") || m.startsWith("client."))));
            return 0;
        } catch (BadInputException e) {
            err.println("cross-check-table: " + e.getMessage());
            return 2;
        }
    }

    static String markdown(List<JmhResult> results) throws BadInputException {
        Map<BenchmarkKey, Map<String, Double>> trials = new LinkedHashMap<>();
        for (JmhResult r : results) {
            String metric = r.key().metric();
            if (!metric.isEmpty()) {
                BenchmarkKey trial = BenchmarkKey.of(
                        r.key().benchmark().substring(0, r.key().benchmark().indexOf(':')),
                        r.key().mode(),
                        r.key().params());
                trials.computeIfAbsent(trial, k -> new LinkedHashMap<>()).put(metric, r.score());
            }
        }
        trials.values().removeIf(m -> !PAIRS.stream().allMatch(p -> m.containsKey(p[0]) && m.containsKey(p[1])));
        if (trials.isEmpty()) {
            throw new BadInputException("no trial carries the cross-check's counters ("
                    + String.join(
                            ", ", PAIRS.stream().map(p -> p[0] + ", " + p[1]).toList()) + ")");
        }
        List<String> columns = new ArrayList<>(List.of("trial"));
        for (String[] p : PAIRS) {
            columns.addAll(List.of(p[0] + ">", p[1] + ">", "difference>"));
        }
        Table table = new Table(columns.toArray(String[]::new));
        for (Map.Entry<BenchmarkKey, Map<String, Double>> t : trials.entrySet()) {
            List<String> row = new ArrayList<>(List.of(t.getKey().nameAndParams()));
            for (String[] p : PAIRS) {
                long client = Math.round(t.getValue().get(p[0]));
                long broker = Math.round(t.getValue().get(p[1]));
                row.addAll(List.of(Long.toString(client), Long.toString(broker), signed(broker - client)));
            }
            table.add(row.toArray(String[]::new));
        }
        StringBuilder out = new StringBuilder(table.toMarkdown()).append('\n');
        for (String[] p : PAIRS) {
            out.append(summary(p, trials.values())).append('\n');
        }
        return out.toString();
    }

    /** {@code broker.confirmed = client.confirmed in 2 of 14 trials; the others differ by 1 to 94 messages}. */
    static String summary(String[] pair, Iterable<Map<String, Double>> trials) {
        int n = 0;
        int equal = 0;
        long least = Long.MAX_VALUE;
        long most = 0;
        for (Map<String, Double> t : trials) {
            n++;
            long d = Math.abs(Math.round(t.get(pair[1])) - Math.round(t.get(pair[0])));
            if (d == 0) {
                equal++;
            } else {
                least = Math.min(least, d);
                most = Math.max(most, d);
            }
        }
        String line = "- `" + pair[1] + "` = `" + pair[0] + "` in " + equal + " of " + n + " trials";
        if (equal == n) {
            return line;
        }
        return line + "; the others differ by " + (least == most ? least : least + " to " + most) + " messages";
    }

    private static String signed(long d) {
        return d > 0 ? "+" + d : Long.toString(d);
    }
}
