package org.rabbitmqjmh.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.rabbitmqjmh.results.BenchmarkKey;

/**
 * The rule that a trial which failed in any iteration has no score. JMH prints a failed iteration as
 * {@code <failure>} followed by its stack trace and, without fail-on-error, still reports the trial
 * with the iterations that did complete: a broken run that would pass a gate. This output format
 * passes everything on to JMH's own and remembers, per trial, the first line of the first failure; and
 * {@link #scored} keeps only the trials that failed nowhere and measured every iteration of every fork.
 */
public final class TrialFailures implements OutputFormat {

  private final OutputFormat out;
  private final Map<String, String> failed = new LinkedHashMap<>();
  private String trial = "(no trial)";
  private boolean afterFailure;

  public TrialFailures(OutputFormat out) {
    this.out = out;
  }

  /** The benchmark and its params, as a user would name the trial. */
  public static String label(BenchmarkParams p) {
    Map<String, String> params = p.getParamsKeys().stream().collect(Collectors.toMap(k -> k, p::getParam));
    return BenchmarkKey.of(p.getBenchmark(), p.getMode().shortLabel(), params).nameAndParams();
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
      long complete = r.getBenchmarkResults().stream().filter(b -> b.getIterationResults().size() == iterations)
          .count();
      if (failed.containsKey(label)) {
        continue;
      }
      if (complete < forks) {
        failed.put(label, "only " + complete + " of " + forks + " forks measured all " + iterations + " iterations");
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

  @Override
  public void println(String s) {
    out.println(s);
    if (s == null) {
      return;
    }
    if (s.startsWith("<failure>")) {
      afterFailure = true;
    } else if (s.startsWith("<forked VM failed")) {
      failed.putIfAbsent(trial, s.replaceAll("[<>]", "").strip());
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

  @Override
  public void startBenchmark(BenchmarkParams benchParams) {
    trial = label(benchParams);
    afterFailure = false;
    out.startBenchmark(benchParams);
  }

  @Override
  public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
    out.iteration(benchParams, params, iteration);
  }

  @Override
  public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration,
      IterationResult data) {
    out.iterationResult(benchParams, params, iteration, data);
  }

  @Override
  public void endBenchmark(BenchmarkResult result) {
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
