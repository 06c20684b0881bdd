package org.rabbitmqjmh.run;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Everything that can be judged before a broker starts or a fork runs, so that a mistake costs under a
 * second and one line: JMH's own options, the result format, that every pass selects a benchmark, and
 * every parameter value of every trial by the benchmark's rules ({@link ParamValidation}).
 */
public final class Preflight {

    private Preflight() {}

    /** JMH's parse of a pass, or one line saying what is wrong with it. */
    public static CommandLineOptions options(JmhArgs pass) {
        try {
            return new CommandLineOptions(pass.toList().toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            throw new IllegalArgumentException(e.getMessage() + " (java -jar benchmarks.jar -h lists JMH's options)");
        }
    }

    /**
     * @return what the passes will run
     * @throws IllegalArgumentException one line: what is wrong and what is allowed
     */
    public static RunPlan check(List<JmhArgs> passes) {
        String rf = passes.get(0).value("-rf");
        if (rf != null
                && Arrays.stream(ResultFormatType.values())
                        .noneMatch(t -> t.name().equalsIgnoreCase(rf))) {
            throw new IllegalArgumentException("unknown result format '" + rf + "' for -rf; allowed: "
                    + Arrays.stream(ResultFormatType.values())
                            .map(t -> t.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", ")));
        }
        RunPlan plan = new RunPlan();
        OutputFormat silent = OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT);
        for (JmhArgs pass : passes) {
            CommandLineOptions o = options(pass);
            if (BenchmarkList.defaultList()
                    .find(silent, o.getIncludes(), o.getExcludes())
                    .isEmpty()) {
                throw new IllegalArgumentException("no benchmark matches "
                        + (o.getIncludes().isEmpty() ? "the arguments" : "'" + String.join(" ", o.getIncludes()) + "'")
                        + "; java -jar benchmarks.jar -l lists them");
            }
            plan.add(o, ParamValidation.check(o));
        }
        return plan;
    }
}
