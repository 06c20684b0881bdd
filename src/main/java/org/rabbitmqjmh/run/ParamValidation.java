package org.rabbitmqjmh.run;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.rabbitmqjmh.broker.Listener;
import org.rabbitmqjmh.results.BenchmarkKey;

/**
 * Every {@code @Param} combination a pass would run, judged before the first fork by the benchmark's
 * own rules ({@link CheckedParams}). JMH crosses each benchmark's values: its defaults, replaced
 * param by param by the values given with {@code -p} (a {@code -p} on one param leaves the others at
 * their defaults). Checking a combination costs microseconds; thousands take well under a second.
 */
public final class ParamValidation {

    private ParamValidation() {}

    /**
     * A benchmark the options select, how many trials (param combinations) it makes and the broker
     * listeners they need ({@link CheckedParams#listeners()}).
     */
    public record Selected(BenchmarkListEntry entry, int trials, Set<Listener> listeners) {}

    /**
     * Checks every combination the options select.
     *
     * @return what the options select, benchmark by benchmark
     * @throws IllegalArgumentException one line: the benchmark, the combination and the reason
     */
    public static List<Selected> check(CommandLineOptions options) {
        List<Selected> selected = new ArrayList<>();
        OutputFormat silent = OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT);
        SortedSet<BenchmarkListEntry> entries =
                BenchmarkList.defaultList().find(silent, options.getIncludes(), options.getExcludes());
        for (BenchmarkListEntry entry : entries) {
            List<Map<String, String>> combinations = combinations(values(entry, options));
            Set<Listener> listeners = EnumSet.noneOf(Listener.class);
            selected.add(new Selected(entry, combinations.size(), listeners));
            Class<?> type;
            try {
                type = Class.forName(entry.getUserClassQName());
            } catch (ClassNotFoundException e) {
                continue; // JMH itself will say so
            }
            for (Map<String, String> combination : combinations) {
                listeners.addAll(check(type, entry.getUsername(), combination));
            }
        }
        return selected;
    }

    /** Why the benchmark refuses {@code combination}, or empty when it takes it. */
    static java.util.Optional<String> refusal(Class<?> type, String benchmark, Map<String, String> combination) {
        try {
            check(type, benchmark, combination);
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** A benchmark's values of each param: its defaults, replaced by what {@code -p} gives. */
    static Map<String, List<String>> values(BenchmarkListEntry entry, CommandLineOptions options) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        entry.getParams().orElse(Map.of()).forEach((name, defaults) -> {
            org.openjdk.jmh.util.Optional<Collection<String>> given = options.getParameter(name);
            values.put(name, given.hasValue() && !given.get().isEmpty() ? List.copyOf(given.get()) : List.of(defaults));
        });
        return values;
    }

    private static List<Listener> check(Class<?> type, String benchmark, Map<String, String> combination) {
        BenchmarkKey trial = BenchmarkKey.of(benchmark, "", combination);
        Object instance;
        try {
            instance = type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            return List.of(); // not ours to judge
        }
        for (Map.Entry<String, String> p : combination.entrySet()) {
            String value = p.getValue();
            try {
                Field f = type.getField(p.getKey());
                Class<?> t = f.getType();
                if (t == int.class) {
                    f.setInt(instance, Integer.parseInt(value.trim()));
                } else if (t == long.class) {
                    f.setLong(instance, Long.parseLong(value.trim()));
                } else if (t == String.class) {
                    f.set(instance, value);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        trial.shortName() + ": -p " + p.getKey() + "=" + value + " is not a whole number");
            } catch (ReflectiveOperationException e) {
                return List.of();
            }
        }
        if (instance instanceof CheckedParams c) {
            try {
                c.checkParams();
                return c.listeners();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(trial.nameAndParams() + ": " + e.getMessage());
            }
        }
        return List.of();
    }

    static List<Map<String, String>> combinations(Map<String, List<String>> values) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : e.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }
}
