package org.rabbitmqjmh.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.rabbitmqjmh.profilers.BrokerCrossCheck;
import org.rabbitmqjmh.profilers.CostProfiler;
import org.rabbitmqjmh.profilers.DuetMeet;
import org.rabbitmqjmh.profilers.LatencyProfiler;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.RunSummary;

/**
 * A run without {@code --against}: the passes one after the other in this JVM's JMH runner, with the
 * suite's profilers; the result file (the user's -rf/-rff if given, else JSON in the run folder) written
 * once at the end by JMH's own formatter; then the summary and the closing lines.
 */
public final class PassesRun {

    /** Every trial's profilers: latency histograms, the broker's counters as witness, costs per message. */
    private static final List<String> PROFILERS =
            List.of(LatencyProfiler.class.getName(), BrokerCrossCheck.class.getName(), CostProfiler.class.getName());

    private PassesRun() {}

    /**
     * The suite's profilers; a side of a duet run ({@code --duet}) meets the other side before every
     * iteration first, so that the others read their counters from aligned iterations.
     */
    private static List<String> profilers() {
        if (!DuetMeet.enabled()) {
            return PROFILERS;
        }
        List<String> all = new ArrayList<>(List.of(DuetMeet.class.getName()));
        all.addAll(PROFILERS);
        return all;
    }

    /** The exit status: 0 all scored, 1 a trial failed or none scored, 128+n stopped. */
    public static int run(Launch launch, PrintStream err) throws IOException, RunnerException {
        JmhArgs first = launch.passes().get(0);
        ResultFormatType format = first.value("-rf") == null
                ? ResultFormatType.JSON
                : ResultFormatType.valueOf(first.value("-rf").toUpperCase(Locale.ROOT));
        Path resultFile = first.value("-rff") != null
                ? Path.of(first.value("-rff"))
                : launch.runDir().resolve("jmh-result." + format.name().toLowerCase(Locale.ROOT));
        List<String> forkProps = ForkProperties.forPasses(launch.uriFile(), launch.runDir(), launch.witnesses());
        PassRunner.Outcome outcome = new PassRunner(profilers(), forkProps, jmhOutput(first)).run(launch.passes(), err);
        RunEnvironment.write(launch, outcome.passArgs(), launch.environment());
        if (!outcome.scored().isEmpty()) {
            ResultFormatFactory.getInstance(format, resultFile.toString()).writeOut(outcome.scored());
            err.println("results: " + resultFile);
            summarize(launch.runDir(), format == ResultFormatType.JSON ? resultFile : null, err);
        }
        return verdict(outcome, launch.plan(), launch.runDir(), err);
    }

    /** The run's last screen: one row per trial, also written as summary.md (JMH's tables stay above it). */
    private static void summarize(Path runDir, Path jmhJson, PrintStream err) {
        if (jmhJson == null) {
            err.println("summary: none (it is read from JMH's JSON, and -rf chose another format)");
            return;
        }
        try {
            System.out.print("\n" + RunSummary.write(runDir, jmhJson));
            System.out.flush();
        } catch (IOException | BadInputException e) {
            err.println("summary: not written: " + e.getMessage());
        }
    }

    /** The closing lines and the exit status. */
    private static int verdict(PassRunner.Outcome outcome, RunPlan plan, Path runDir, PrintStream err) {
        outcome.failed().forEach((trial, cause) -> err.println("failed: " + trial + ": " + cause));
        int failed = outcome.failed().size();
        if (StopSignals.stopping()) {
            int done = outcome.scored().size();
            int notRun = Math.max(
                    0, plan.trials() - done - failed - outcome.stopped().size());
            err.println("stopped by " + StopSignals.received().orElseThrow() + ": " + done + " of " + plan.trials()
                    + " trials finished" + (done > 0 ? " (in the results)" : "") + ", "
                    + outcome.stopped().size()
                    + " cut short" + (failed > 0 ? ", " + failed + " failed" : "") + ", " + notRun + " not started");
            err.println("run folder: " + runDir);
            return StopSignals.exitStatus();
        }
        if (failed > 0) {
            err.println("error: " + failed + (failed == 1 ? " trial" : " trials") + " failed and "
                    + (failed == 1 ? "has" : "have") + " no score"
                    + (outcome.scored().isEmpty() ? "" : "; the results hold the trials that completed"));
            err.println("run folder: " + runDir);
            return 1;
        }
        if (outcome.scored().isEmpty()) {
            err.println("error: no benchmark produced a result");
            return 1;
        }
        err.println("run folder: " + runDir);
        return 0;
    }

    /** JMH's own human-readable output, to the file of {@code -o} if given, as JMH's Runner would make it. */
    private static OutputFormat jmhOutput(JmhArgs pass) throws IOException {
        PrintStream out = System.out;
        if (pass.value("-o") != null) {
            out = new PrintStream(Files.newOutputStream(Path.of(pass.value("-o"))), true, StandardCharsets.UTF_8);
        }
        String v = pass.value("-v");
        return OutputFormatFactory.createFormatInstance(
                out, v == null ? VerboseMode.NORMAL : VerboseMode.valueOf(v.toUpperCase(Locale.ROOT)));
    }
}
