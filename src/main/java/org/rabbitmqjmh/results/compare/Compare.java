package org.rabbitmqjmh.results.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;

/**
 * {@code compare [--threshold 5] [--markdown FILE|-] BASE HEAD}: is HEAD's run slower than BASE's?
 * BASE and HEAD are JMH JSON files or run folders. Prints one row per benchmark (same method, mode and
 * params) found in both: the scores, head/base, a 95% interval for head/base, and a verdict.
 *
 * <p>Method (docs/compare.md): the interval is a bootstrap of the ratio of mean scores that redraws forks,
 * or the iterations of a lone fork, 10,000 times with a fixed seed, then widens the percentile interval
 * for the few units a JMH run has ({@link RatioBootstrap}). A row is "slower" only when the whole interval
 * is on the worse side of 1 and the change is worse than the threshold, or than the row's run-to-run noise
 * floor when {@code --noise} gives one ({@link NoiseFloors}, {@link Comparison}); throughput
 * is worse lower, time per operation worse higher.
 *
 * <p>Exit status: 0 no significant regression, 1 at least one row "slower", 2 unusable input. The CLI
 * only parses, reads and prints; the statistics live in {@link Comparison} so tests can call them.
 *
 * <p>Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.compare.Compare results/A results/B}
 */
public final class Compare {

    public static final int NO_REGRESSION = 0;
    public static final int REGRESSION = 1;
    public static final int BAD_INPUT = 2;

    private Compare() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            CompareArguments arguments = CompareArguments.parse(args);
            if (arguments.help()) {
                out.println(CompareArguments.USAGE);
                return NO_REGRESSION;
            }
            List<JmhResult> base = rows(JmhJson.read(arguments.base()), arguments);
            List<JmhResult> head = rows(JmhJson.read(arguments.head()), arguments);
            NoiseFloors floors = arguments.noise() == null ? NoiseFloors.NONE : NoiseFloors.read(arguments.noise());
            Comparison comparison = Comparison.of(base, head, arguments.thresholdPercent(), floors, arguments.paired());
            if (comparison.rows().isEmpty()) {
                List<String> differ = comparison.unitsDiffer();
                String units =
                        differ.isEmpty() ? "" : "; " + differ.size() + " in different units, e.g. " + differ.get(0);
                throw new BadInputException("no benchmark is in both files (base has " + base.size() + ", head has "
                        + head.size() + units + "; a row needs the same benchmark, mode, params and unit in both)");
            }
            String md = arguments.markdown() == null
                    ? null
                    : ComparisonText.markdown(
                            comparison,
                            arguments.base().toString(),
                            arguments.head().toString());
            if (CompareArguments.STDOUT.equals(arguments.markdown())) {
                out.print(md);
            } else {
                out.print(ComparisonText.terminal(comparison));
                if (md != null) {
                    Files.writeString(arguments.markdown(), "## JMH comparison\n\n" + md, StandardCharsets.UTF_8);
                }
            }
            return comparison.regressed() ? REGRESSION : NO_REGRESSION;
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("error: cannot write the markdown file: " + e.getMessage());
            return BAD_INPUT;
        }
    }

    /** With {@code --metric}, that metric's rows only ("score": the benchmarks' own scores). */
    private static List<JmhResult> rows(List<JmhResult> results, CompareArguments arguments) throws BadInputException {
        if (arguments.metric() == null) {
            return results;
        }
        String metric = arguments.metric().equals("score") ? "" : arguments.metric();
        List<JmhResult> rows =
                results.stream().filter(r -> r.key().metric().equals(metric)).toList();
        if (rows.isEmpty() && !results.isEmpty()) {
            throw new BadInputException("--metric " + arguments.metric() + ": no row of that metric; the runs have: "
                    + String.join(
                            ", ",
                            results.stream()
                                    .map(r -> r.key().metric().isEmpty()
                                            ? "score"
                                            : r.key().metric())
                                    .distinct()
                                    .sorted()
                                    .toList()));
        }
        return rows;
    }
}
