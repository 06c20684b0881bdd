package org.rabbitmqjmh.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * A benchmark's default values crossed give combinations the benchmark itself refuses (a drain by
 * polling with a prefetch, which basic.get ignores): JMH would run every one. Where the user did not
 * choose those params, the refused combinations are left out, with one line saying how many and why, and
 * the rest run, each as a pass of its own (JMH crosses values; it cannot leave one combination out).
 * A combination the user asked for, every value it refuses given with {@code -p}, stays refused by
 * {@link Preflight}.
 */
public final class DefaultCombinations {

    private DefaultCombinations() {}

    public static List<JmhArgs> expand(List<JmhArgs> passes, PrintStream err) {
        List<JmhArgs> out = new ArrayList<>();
        for (JmhArgs pass : passes) {
            CommandLineOptions options = Preflight.options(pass);
            JmhArgs rest = pass;
            var entries = BenchmarkList.defaultList()
                    .find(
                            OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT),
                            options.getIncludes(),
                            options.getExcludes());
            boolean restSelects = entries.isEmpty(); // a pass that matches nothing: Preflight says so
            List<JmhArgs> trials = new ArrayList<>();
            for (BenchmarkListEntry entry : entries) {
                Optional<List<Map<String, String>>> valid = leftOver(entry, options, pass, err);
                if (valid.isEmpty()) {
                    restSelects = true;
                    continue;
                }
                String only = "^" + Pattern.quote(entry.getUsername()) + "$";
                rest = rest.excluding(only);
                valid.get().forEach(combination -> trials.add(pass.forTrial(only, combination)));
            }
            if (restSelects) {
                out.add(rest);
            }
            out.addAll(trials);
        }
        return out;
    }

    /**
     * The combinations to run one by one when some of the benchmark's were left out (and says so), or
     * empty when the pass runs it as it is.
     */
    private static Optional<List<Map<String, String>>> leftOver(
            BenchmarkListEntry entry, CommandLineOptions options, JmhArgs pass, PrintStream err) {
        Class<?> type;
        try {
            type = Class.forName(entry.getUserClassQName());
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        List<Map<String, String>> all = ParamValidation.combinations(ParamValidation.values(entry, options));
        Map<Map<String, String>, Boolean> chosenHasValid = new LinkedHashMap<>();
        List<Map<String, String>> valid = new ArrayList<>();
        Map<Map<String, String>, String> refused = new LinkedHashMap<>();
        for (Map<String, String> c : all) {
            Map<String, String> chosen = chosen(c, pass);
            Optional<String> why = ParamValidation.refusal(type, entry.getUsername(), c);
            if (why.isPresent()) {
                refused.put(c, why.get());
                chosenHasValid.putIfAbsent(chosen, false);
            } else {
                valid.add(c);
                chosenHasValid.put(chosen, true);
            }
        }
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        // Refused whatever the defaults: the user's own choice, which Preflight refuses in one line.
        boolean asked = refused.keySet().stream().anyMatch(c -> !chosenHasValid.get(chosen(c, pass)));
        if (asked) {
            return Optional.empty();
        }
        Map.Entry<Map<String, String>, String> example =
                refused.entrySet().iterator().next();
        String name = entry.getUsername().substring(entry.getUserClassQName().lastIndexOf('.') + 1);
        err.println("defaults: " + name + ": " + refused.size() + " of " + all.size()
                + " parameter combinations left out, " + "refused by the benchmark (e.g. " + example.getValue() + "); "
                + valid.size() + " run; -p chooses values");
        return Optional.of(valid);
    }

    /** The part of a combination the user chose with {@code -p}; the rest are the benchmark's defaults. */
    private static Map<String, String> chosen(Map<String, String> combination, JmhArgs pass) {
        Map<String, String> chosen = new LinkedHashMap<>(combination);
        chosen.keySet().retainAll(pass.paramNames());
        return chosen;
    }
}
