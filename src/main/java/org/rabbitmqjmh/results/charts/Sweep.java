package org.rabbitmqjmh.results.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.JmhResult;

/**
 * One benchmark's score against one swept param (a param with more than one value in the run): the
 * content of one chart. Each series holds the other swept params fixed, so lines never mix settings.
 *
 * @param values the param's values in chart order: numeric order when all are numbers, else the order
 *     JMH ran them in, which is the order the {@code @Param} declares
 * @param series per label of the other params' values ("all" when there are none), value to result
 */
record Sweep(
        String benchmark,
        String mode,
        String unit,
        String param,
        boolean numeric,
        List<String> values,
        Map<String, Map<String, JmhResult>> series) {

    static List<Sweep> of(List<JmhResult> results) {
        Map<String, List<JmhResult>> byBenchmark = new LinkedHashMap<>();
        results.forEach(r -> byBenchmark
                .computeIfAbsent(r.key().benchmark() + "\u0000" + r.key().mode(), k -> new ArrayList<>())
                .add(r));
        List<Sweep> sweeps = new ArrayList<>();
        for (List<JmhResult> group : byBenchmark.values()) {
            Map<String, Set<String>> valuesByParam = new TreeMap<>();
            group.forEach(r -> r.key()
                    .params()
                    .forEach((name, value) -> valuesByParam
                            .computeIfAbsent(name, n -> new LinkedHashSet<>())
                            .add(value)));
            List<String> swept = valuesByParam.entrySet().stream()
                    .filter(e -> e.getValue().size() > 1)
                    .map(Map.Entry::getKey)
                    .toList();
            for (String param : swept) {
                sweeps.add(sweep(group, param, new ArrayList<>(valuesByParam.get(param)), swept));
            }
        }
        return sweeps;
    }

    private static Sweep sweep(List<JmhResult> group, String param, List<String> values, List<String> swept) {
        boolean numeric = values.stream().allMatch(Sweep::isNumber);
        if (numeric) {
            values.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        }
        Map<String, Map<String, JmhResult>> series = new LinkedHashMap<>();
        for (JmhResult r : group) {
            String label = swept.stream()
                    .filter(p -> !p.equals(param))
                    .map(p -> p + "=" + r.key().params().getOrDefault(p, "?"))
                    .collect(Collectors.joining(" "));
            String value = r.key().params().get(param);
            if (value != null) {
                series.computeIfAbsent(label.isEmpty() ? "all" : label, l -> new LinkedHashMap<>())
                        .put(value, r);
            }
        }
        JmhResult first = group.get(0);
        return new Sweep(first.key().benchmark(), first.key().mode(), first.unit(), param, numeric, values, series);
    }

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    String title() {
        return BenchmarkKey.of(benchmark, mode, Map.of()).shortName() + " (" + mode + ") by " + param;
    }
}
