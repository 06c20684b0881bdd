package org.rabbitmqjmh.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JMH command-line arguments as an ordered map, so a profile's arguments can be merged with the user's:
 * the user's value for an option replaces the profile's, {@code -p name=...} merges per parameter name,
 * and benchmark patterns the user gives replace the profile's. Parsing stays JMH's job; this only knows
 * which options are flags and which take one value.
 */
public final class JmhArgs {

    private static final Set<String> FLAGS = Set.of("-h", "-l", "-lp", "-lprof", "-lrf");
    /** Options the user adds to rather than replaces. */
    private static final Set<String> ADDITIVE = Set.of("-prof", "-e");

    private final List<String> patterns = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final Map<String, String> params = new LinkedHashMap<>();

    public static JmhArgs parse(List<String> args) {
        JmhArgs a = new JmhArgs();
        for (int i = 0; i < args.size(); i++) {
            String token = args.get(i);
            if (!token.startsWith("-") || token.length() == 1) {
                a.patterns.add(token);
            } else if (FLAGS.contains(token)) {
                a.options.put(token, List.of());
            } else if (i + 1 < args.size()) {
                String value = args.get(++i);
                if (token.equals("-p")) {
                    int eq = value.indexOf('=');
                    a.params.put(eq < 0 ? value : value.substring(0, eq), value);
                } else {
                    a.options.computeIfAbsent(token, k -> new ArrayList<>()).add(value);
                }
            } else {
                a.options.put(token, List.of()); // a dangling option: JMH reports it
            }
        }
        return a;
    }

    /** The profile (this) overlaid with what the user said. */
    public JmhArgs overlay(JmhArgs user) {
        JmhArgs merged = new JmhArgs();
        merged.patterns.addAll(user.patterns.isEmpty() ? patterns : user.patterns);
        merged.options.putAll(options);
        user.options.forEach((k, v) -> {
            if (ADDITIVE.contains(k) && merged.options.containsKey(k)) {
                List<String> both = new ArrayList<>(merged.options.get(k));
                both.addAll(v);
                merged.options.put(k, both);
            } else {
                merged.options.put(k, v);
            }
        });
        merged.params.putAll(params);
        merged.params.putAll(user.params);
        return merged;
    }

    /** These arguments with the benchmark patterns of all the given passes (to list a whole profile). */
    public JmhArgs withPatternsOf(List<JmhArgs> passes) {
        JmhArgs a = new JmhArgs();
        passes.forEach(
                p -> p.patterns.stream().filter(x -> !a.patterns.contains(x)).forEach(a.patterns::add));
        a.options.putAll(options);
        a.params.putAll(params);
        return a;
    }

    /** These arguments for one trial: the benchmark {@code pattern} alone, every param pinned to one value. */
    public JmhArgs forTrial(String pattern, Map<String, String> values) {
        JmhArgs a = copy();
        a.patterns.clear();
        a.patterns.add(pattern);
        values.forEach((name, value) -> a.params.put(name, name + "=" + value));
        return a;
    }

    /** These arguments with one more exclusion ({@code -e}). */
    public JmhArgs excluding(String pattern) {
        return copy().add("-e", pattern);
    }

    /** The params given with {@code -p}, by name. */
    public Set<String> paramNames() {
        return Set.copyOf(params.keySet());
    }

    private JmhArgs copy() {
        JmhArgs a = new JmhArgs();
        a.patterns.addAll(patterns);
        options.forEach((k, v) -> a.options.put(k, new ArrayList<>(v)));
        a.params.putAll(params);
        return a;
    }

    /** Adds a value to an option that takes several (-prof), unless it is there already. */
    public JmhArgs add(String option, String value) {
        List<String> values = new ArrayList<>(options.getOrDefault(option, List.of()));
        if (!values.contains(value)) {
            values.add(value);
        }
        options.put(option, values);
        return this;
    }

    /** The option's value, or null. */
    public String value(String option) {
        List<String> v = options.get(option);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public JmhArgs without(String option) {
        options.remove(option);
        return this;
    }

    public boolean has(String option) {
        return options.containsKey(option);
    }

    public List<String> toList() {
        List<String> out = new ArrayList<>(patterns);
        options.forEach((k, values) -> {
            if (values.isEmpty()) {
                out.add(k);
            }
            for (String v : values) {
                out.add(k);
                out.add(v);
            }
        });
        params.values().forEach(v -> {
            out.add("-p");
            out.add(v);
        });
        return out;
    }
}
