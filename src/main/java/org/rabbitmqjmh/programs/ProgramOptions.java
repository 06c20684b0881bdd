package org.rabbitmqjmh.programs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import joptsimple.OptionException;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;

/**
 * A program's options, each declared once: its name, what it is, its default and what it allows. The
 * parser (jopt-simple), {@code --help} and the checks of the values all read that declaration, so a
 * default cannot say one thing in the help and be another in the code. Every mistake is a
 * {@link UsageException} naming the option and what is allowed.
 */
final class ProgramOptions {

    /** One declared option; {@link ProgramArgs#get} gives its value, checked. */
    static final class Option<T> {
        private final String name;
        private final String description;
        private final T fallback;
        private final OptionSpec<String> valued;
        private final OptionSpec<Void> flag;
        private final Function<String, T> check;

        private Option(
                String name,
                String description,
                T fallback,
                OptionSpec<String> valued,
                OptionSpec<Void> flag,
                Function<String, T> check) {
            this.name = name;
            this.description = description;
            this.fallback = fallback;
            this.valued = valued;
            this.flag = flag;
            this.check = check;
        }

        String name() {
            return name;
        }

        boolean given(OptionSet set) {
            return set.has(valued != null ? valued : flag);
        }

        @SuppressWarnings("unchecked")
        T value(OptionSet set) {
            if (flag != null) {
                return (T) Boolean.valueOf(set.has(flag));
            }
            return set.has(valued) ? check.apply(set.valueOf(valued)) : fallback;
        }

        private String helpLine() {
            String shown = flag != null || fallback == null
                    ? description
                    : description + " (default "
                            + (fallback instanceof List<?> l
                                    ? String.join(
                                            ",", l.stream().map(String::valueOf).toList())
                                    : fallback)
                            + ")";
            return String.format("  --%-18s %s%n", name, shown);
        }
    }

    private final String usage;
    private final OptionParser parser = new OptionParser(false);
    private final List<Option<?>> declared = new ArrayList<>();

    /** @param usage the help's first line(s), e.g. "usage: Producer [options]" */
    ProgramOptions(String usage) {
        this.usage = usage;
    }

    /** A whole number from {@code min} to {@code max}. */
    Option<Long> number(String name, String description, long fallback, long min, long max) {
        return valued(name, description, fallback, wholeNumber(name, min, max));
    }

    Option<Integer> integer(String name, String description, int fallback, int min, int max) {
        Function<String, Long> n = wholeNumber(name, min, max);
        return valued(name, description, fallback, v -> n.apply(v).intValue());
    }

    /** Whole numbers from {@code min} to {@code max}, separated by commas: one run per value (a sweep). */
    Option<List<Integer>> integers(String name, String description, List<Integer> fallback, int min, int max) {
        Function<String, Long> n = wholeNumber(name, min, max);
        return valued(
                name,
                description,
                fallback,
                v -> Arrays.stream(v.split(","))
                        .map(one -> n.apply(one).intValue())
                        .distinct()
                        .toList());
    }

    /** Some of {@code allowed}, separated by commas: one run per value (a sweep). */
    Option<List<String>> choices(String name, String description, List<String> fallback, Collection<String> allowed) {
        return valued(
                name,
                description,
                fallback,
                v -> Arrays.stream(v.split(","))
                        .map(one -> {
                            if (!allowed.contains(one.trim())) {
                                throw new UsageException("--" + name + " '" + one + "' is not allowed; allowed: "
                                        + String.join(", ", new TreeSet<>(allowed)) + " (several separated by commas)");
                            }
                            return one.trim();
                        })
                        .distinct()
                        .toList());
    }

    private static Function<String, Long> wholeNumber(String name, long min, long max) {
        return v -> {
            long n;
            try {
                n = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new UsageException(
                        "--" + name + " must be a whole number, not '" + v + "'; allowed: " + range(min, max));
            }
            if (n < min || n > max) {
                throw new UsageException("--" + name + " " + n + " is out of range; allowed: " + range(min, max));
            }
            return n;
        };
    }

    /** Free text; {@code fallback} null: no default (the program decides what absent means). */
    Option<String> text(String name, String description, String fallback) {
        return valued(name, description, fallback, v -> v);
    }

    /**
     * A queue name: AMQP 0-9-1 carries it as a short string, at most 255 bytes of UTF-8, which the client
     * library would only refuse once connected to a broker.
     */
    Option<String> queueName(String name, String description, String fallback) {
        return valued(name, description, fallback, v -> {
            int bytes = v.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > 255) {
                throw new UsageException(
                        "--" + name + " is " + bytes + " bytes long; a queue name is at most 255 bytes (UTF-8)");
            }
            if (v.isBlank()) {
                throw new UsageException("--" + name + " is empty; give a queue name (at most 255 bytes)");
            }
            return v;
        });
    }

    /** One of {@code allowed}; the description lists them. */
    Option<String> choice(String name, String description, String fallback, Collection<String> allowed) {
        return valued(name, description, fallback, v -> {
            if (!allowed.contains(v)) {
                throw new UsageException("--" + name + " '" + v + "' is not allowed; allowed: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
            return v;
        });
    }

    /** An option without a value: true when given. */
    Option<Boolean> flag(String name, String description) {
        Option<Boolean> o = new Option<>(name, description, false, null, parser.accepts(name), null);
        declared.add(o);
        return o;
    }

    private <T> Option<T> valued(String name, String description, T fallback, Function<String, T> check) {
        Option<T> o =
                new Option<>(name, description, fallback, parser.accepts(name).withRequiredArg(), null, check);
        declared.add(o);
        return o;
    }

    /** The arguments, read against the declarations: an unknown option, or one without its value, is refused. */
    synchronized ProgramArgs parse(String[] args) { // jopt-simple's parser keeps state while it parses
        OptionSet set;
        try {
            set = parser.parse(args);
        } catch (OptionException e) {
            String name = e.options().isEmpty() ? "?" : e.options().iterator().next();
            Option<?> known = declared.stream()
                    .filter(o -> o.name.equals(name))
                    .findFirst()
                    .orElse(null);
            if (known == null) {
                throw new UsageException("unknown option " + (name.length() == 1 ? "-" : "--") + name + "; allowed: --"
                        + String.join(
                                ", --", declared.stream().map(Option::name).toList()));
            }
            throw new UsageException("option --" + name + " needs a value: " + known.description);
        }
        for (Option<?> o : declared) {
            List<String> values = o.valued == null ? List.of() : set.valuesOf(o.valued);
            if (values.size() > 1) {
                throw new UsageException("--" + o.name + " is given " + values.size() + " times; give it once");
            }
            if (values.size() == 1 && values.get(0).startsWith("--")) {
                // "--count --size 16": jopt-simple takes "--size" as the count; the user forgot the value.
                throw new UsageException("option --" + o.name + " needs a value: " + o.description + " (got the option "
                        + values.get(0) + ")");
            }
        }
        if (!set.nonOptionArguments().isEmpty()) {
            throw new UsageException("unexpected argument '"
                    + set.nonOptionArguments().get(0) + "'; options look like --name value (see --help)");
        }
        return new ProgramArgs(set);
    }

    String help() {
        StringBuilder b = new StringBuilder(usage).append("\n\nOptions:\n");
        declared.forEach(o -> b.append(o.helpLine()));
        return b.toString();
    }

    private static String range(long min, long max) {
        return max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? min + " or more" : min + ".." + max;
    }
}
