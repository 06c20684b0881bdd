package org.rabbitmqjmh.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkException;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.rabbitmqjmh.results.BenchmarkKey;

/**
 * The rule that a trial which failed in any iteration has no score. JMH prints a failed iteration as
 * {@code <failure>} followed by its stack trace and, without fail-on-error, still reports the trial
 * with the iterations that did complete: a broken run that would pass a gate. This output format
 * passes everything on to JMH's own and remembers, per trial, the first line of the first failure; and
 * {@link #scored} keeps only the trials that failed nowhere and measured every iteration of every fork.
 *
 * <p>It also keeps the trials that finished ({@link #finished}): with fail-on-error, or when a signal
 * stops the run, JMH's runner ends by an exception and returns none of the results of its pass. Every
 * measurement iteration of every measured fork passes through here, so a finished trial is rebuilt from
 * them as JMH itself would build it (both of our profilers are internal: their results ride on the
 * iterations). And once the run is asked to stop ({@link StopSignals}), no trial or fork starts: each
 * is refused before JMH forks for it, and a trial the stop cut short is recorded as stopped, not failed.
 */
public final class TrialFailures implements OutputFormat {

    private final OutputFormat out;
    private final BooleanSupplier stopping;
    private final Map<String, String> failed = new LinkedHashMap<>();
    private final Set<String> stopped = new LinkedHashSet<>();
    private final List<RunResult> finished = new ArrayList<>();
    private String trial = "(no trial)";
    private boolean afterFailure;
    private List<List<IterationResult>> forks = new ArrayList<>();
    private List<IterationResult> fork; // null while in a warmup fork, whose measurements JMH discards

    public TrialFailures(OutputFormat out) {
        this(out, () -> false);
    }

    public TrialFailures(OutputFormat out, BooleanSupplier stopping) {
        this.out = out;
        this.stopping = stopping;
    }

    /** The benchmark and its params, as a user would name the trial. */
    public static String label(BenchmarkParams p) {
        Map<String, String> params = p.getParamsKeys().stream().collect(Collectors.toMap(k -> k, p::getParam));
        return BenchmarkKey.of(p.getBenchmark(), p.getMode().shortLabel(), params)
                .nameAndParams();
    }

    /**
     * The results that count: a trial that failed (seen here) or came back short of iterations or forks
     * (a fork that died) is left out, and recorded as failed with its cause.
     */
    public List<RunResult> scored(Collection<RunResult> results) {
        List<RunResult> kept = new ArrayList<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            String label = label(p);
            int forks = Math.max(1, p.getForks());
            int iterations = p.getMeasurement().getCount();
            long complete = r.getBenchmarkResults().stream()
                    .filter(b -> b.getIterationResults().size() == iterations)
                    .count();
            if (failed.containsKey(label)) {
                continue;
            }
            if (complete < forks) {
                failed.put(
                        label,
                        "only " + complete + " of " + forks + " forks measured all " + iterations + " iterations");
                continue;
            }
            kept.add(r);
        }
        return kept;
    }

    /** Trial label to the first line of its failure, in the order they failed. */
    public Map<String, String> failed() {
        return failed;
    }

    /** The trials a stop cut short: neither failed nor scored. */
    public List<String> stopped() {
        return List.copyOf(stopped);
    }

    /** Every trial that ran to its end so far, failed or not, as JMH would have returned it. */
    public List<RunResult> finished() {
        return finished;
    }

    @Override
    public void println(String s) {
        out.println(s);
        if (s == null) {
            return;
        }
        if (s.startsWith("# Fork: ") || s.startsWith("# Warmup Fork: ")) {
            refuseWhenStopping();
            fork = s.startsWith("# Fork: ") ? new ArrayList<>() : null;
            if (fork != null) {
                forks.add(fork);
            }
        } else if (s.startsWith("<failure>")) {
            afterFailure = true;
        } else if (s.startsWith("<forked VM failed") && stopping.getAsBoolean()) {
            stopped.add(trial);
        } else if (s.startsWith("<forked VM failed")) {
            failed.putIfAbsent(trial, s.replaceAll("[<>]", "").strip());
        } else if (afterFailure && !s.isBlank() && stopping.getAsBoolean()) {
            afterFailure = false; // the stop took the trial's broker connection or fork down
            stopped.add(trial);
        } else if (afterFailure && !s.isBlank()) {
            afterFailure = false;
            failed.putIfAbsent(trial, cause(s));
        }
    }

    /** The first line of a stack trace, without the exception's class when it has a message. */
    static String cause(String trace) {
        String first = trace.lines().findFirst().orElse(trace).strip();
        int colon = first.indexOf(": ");
        String head = colon < 0 ? first : first.substring(0, colon);
        return colon > 0 && head.matches("[\\w.$]+") ? first.substring(colon + 2) : first;
    }

    /**
     * Thrown inside JMH's runner, a BenchmarkException ends the trial before its fork starts: without
     * fail-on-error the runner goes on to the next trial, which is refused the same way, fork-less.
     */
    private void refuseWhenStopping() {
        if (stopping.getAsBoolean()) {
            throw new BenchmarkException(new IllegalStateException("the run is stopping"));
        }
    }

    @Override
    public void startBenchmark(BenchmarkParams benchParams) {
        refuseWhenStopping();
        trial = label(benchParams);
        afterFailure = false;
        forks = new ArrayList<>();
        fork = null;
        out.startBenchmark(benchParams);
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        out.iteration(benchParams, params, iteration);
    }

    @Override
    public void iterationResult(
            BenchmarkParams benchParams, IterationParams params, int iteration, IterationResult data) {
        if (params.getType() == IterationType.MEASUREMENT && fork != null) {
            fork.add(data);
        }
        out.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        if (result != null && !forks.isEmpty() && !stopped.contains(trial)) {
            BenchmarkParams params = result.getParams();
            finished.add(new RunResult(
                    params,
                    forks.stream()
                            .filter(f -> !f.isEmpty())
                            .map(f -> new BenchmarkResult(params, f))
                            .toList()));
        }
        out.endBenchmark(result);
    }

    @Override
    public void startRun() {
        out.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        out.endRun(scored(result)); // JMH's closing table shows no score for a failed trial either
    }

    @Override
    public void print(String s) {
        out.print(s);
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.close();
    }

    @Override
    public void verbosePrintln(String s) {
        out.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        out.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        out.write(b);
    }
}
