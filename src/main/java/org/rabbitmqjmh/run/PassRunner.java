package org.rabbitmqjmh.run;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.rabbitmqjmh.broker.BrokerSettings;

/**
 * Runs the passes of a run one after the other on JMH's runner, each with the launcher's profilers and
 * fork properties, and keeps only what may score ({@link TrialFailures}): after a failure under
 * fail-on-error, or a stop ({@link StopSignals}), no later pass starts and the trials that finished are
 * still returned.
 */
public final class PassRunner {

    /** What the passes came to: the trials that score, the failed ones with their causes, the stopped. */
    public record Outcome(
            List<RunResult> scored, Map<String, String> failed, List<String> stopped, List<String> passArgs) {}

    /** The profilers every pass runs with: the latency histograms and the broker's counters as witness. */
    private final List<String> profilers;

    private final List<String> forkProperties;
    private final OutputFormat jmhOutput;

    public PassRunner(List<String> profilers, List<String> forkProperties, OutputFormat jmhOutput) {
        this.profilers = List.copyOf(profilers);
        this.forkProperties = List.copyOf(forkProperties);
        this.jmhOutput = jmhOutput;
    }

    public Outcome run(List<JmhArgs> passes, PrintStream err) throws RunnerException {
        TrialFailures failures = new TrialFailures(jmhOutput, StopSignals::stopping);
        List<RunResult> scored = new ArrayList<>();
        List<String> passArgs = new ArrayList<>();
        for (int i = 0; i < passes.size() && !StopSignals.stopping(); i++) {
            List<String> given = passes.get(i).toList();
            JmhArgs pass = JmhArgs.parse(given).without("-rf").without("-rff");
            profilers.forEach(p -> pass.add("-prof", p));
            List<String> args = new ArrayList<>(pass.toList());
            inheritJvmArgsWithoutSecrets(args);
            appendJvmArgs(args, forkProperties);
            passArgs.add(String.join(" ", args));
            if (passes.size() > 1) {
                err.println("# pass " + (i + 1) + " of " + passes.size() + ": " + String.join(" ", given));
            }
            CommandLineOptions options = Preflight.options(JmhArgs.parse(args));
            int finishedBefore = failures.finished().size();
            try {
                scored.addAll(failures.scored(new Runner(options, failures).run()));
            } catch (RunnerException e) {
                if (failures.failed().isEmpty() && !StopSignals.stopping()) {
                    throw e;
                }
                // Fail-on-error or a stop: JMH threw away this pass's results; the trials that did finish count.
                List<RunResult> finished = failures.finished();
                scored.addAll(failures.scored(finished.subList(finishedBefore, finished.size())));
                break;
            }
            if (!failures.failed().isEmpty() && options.shouldFailOnError().orElse(false)) {
                break;
            }
        }
        return new Outcome(scored, failures.failed(), failures.stopped(), passArgs);
    }

    /**
     * Without {@code -jvmArgs} JMH gives each fork this JVM's own arguments, and prints them ("# VM
     * options") and writes them into the JSON ("jvmArgs"): a {@code -Drabbitmq.uri=} with a password would
     * land in the console, CI logs and committed results. The forks read the URI from the launcher's file,
     * so they get the same arguments without it.
     */
    private static void inheritJvmArgsWithoutSecrets(List<String> args) {
        if (args.contains("-jvmArgs")) {
            return; // the user's own choice of fork arguments
        }
        List<String> own = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> kept = own.stream()
                .filter(a -> !a.startsWith("-D" + BrokerSettings.URI + "="))
                .toList();
        if (kept.size() == own.size()) {
            return; // nothing to hide: JMH's default
        }
        args.add("-jvmArgs");
        // JMH needs a value; this one says where the forks' broker URI comes from.
        args.add(kept.isEmpty() ? "-Drabbitmqjmh.uri.from=launcher" : String.join(" ", kept));
    }

    /** JMH takes one -jvmArgsAppend string: ours go after whatever the user put there. */
    private static void appendJvmArgs(List<String> args, List<String> extra) {
        int i = args.indexOf("-jvmArgsAppend");
        if (i >= 0 && i + 1 < args.size()) {
            args.set(i + 1, args.get(i + 1) + " " + String.join(" ", extra));
        } else {
            args.add("-jvmArgsAppend");
            args.add(String.join(" ", extra));
        }
    }
}
