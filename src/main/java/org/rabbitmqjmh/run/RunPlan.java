package org.rabbitmqjmh.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Defaults;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.TimeValue;
import org.rabbitmqjmh.broker.Listener;

/**
 * What a run is about to do, said in one line before the broker starts: how many trials of which
 * benchmarks, how many forks, and about how long. A pattern is a regular expression over the full
 * benchmark names ({@code Publish} selects PublishBenchmark, PublishOneBenchmark and
 * InMemoryPublishBenchmark), and a {@code -p} given several values multiplies the trials; a user should
 * see that before waiting for it, as JMH users expect from its "# Run progress" line, which only comes
 * once the first fork runs.
 *
 * <p>The estimate is the timed iterations plus {@link #FORK_OVERHEAD_SECONDS} per fork (JVM start,
 * setup and teardown on this machine); a single-shot iteration has no set length, so such trials are
 * counted but not timed.
 */
public final class RunPlan {

    /** Fork start, setup and teardown: the quick profile (21 forks) took 17 s more than its timed iterations plus 3 s a fork, on the 2-core machine. */
    static final double FORK_OVERHEAD_SECONDS = 4;

    private final Set<String> benchmarks = new LinkedHashSet<>();
    private final Set<Listener> listeners = EnumSet.noneOf(Listener.class);
    private int trials;
    private int forks;
    private int untimedTrials;
    private double seconds;

    /** Adds one pass: what its options select ({@link ParamValidation#check}). */
    public void add(CommandLineOptions options, List<ParamValidation.Selected> selected) {
        for (ParamValidation.Selected s : selected) {
            BenchmarkListEntry e = s.entry();
            listeners.addAll(s.listeners());
            int modes = options.getBenchModes().isEmpty()
                    ? 1
                    : options.getBenchModes().size();
            Mode mode = options.getBenchModes().isEmpty()
                    ? e.getMode()
                    : options.getBenchModes().iterator().next();
            boolean singleShot = mode == Mode.SingleShotTime;
            int f = options.getForkCount().orElse(e.getForks().orElse(Defaults.MEASUREMENT_FORKS))
                    + options.getWarmupForkCount().orElse(e.getWarmupForks().orElse(Defaults.WARMUP_FORKS));
            int wi = options.getWarmupIterations()
                    .orElse(e.getWarmupIterations()
                            .orElse(singleShot ? Defaults.WARMUP_ITERATIONS_SINGLESHOT : Defaults.WARMUP_ITERATIONS));
            int mi = options.getMeasurementIterations()
                    .orElse(e.getMeasurementIterations()
                            .orElse(
                                    singleShot
                                            ? Defaults.MEASUREMENT_ITERATIONS_SINGLESHOT
                                            : Defaults.MEASUREMENT_ITERATIONS));
            TimeValue w = options.getWarmupTime().orElse(e.getWarmupTime().orElse(Defaults.WARMUP_TIME));
            TimeValue m =
                    options.getMeasurementTime().orElse(e.getMeasurementTime().orElse(Defaults.MEASUREMENT_TIME));
            int n = s.trials() * modes;
            benchmarks.add(e.getUsername().replaceFirst("^.*\\.(\\w+\\.\\w+)$", "$1"));
            trials += n;
            forks += n * Math.max(1, f);
            if (singleShot) {
                untimedTrials += n;
            } else {
                seconds += n
                        * Math.max(1, f)
                        * (wi * w.convertTo(TimeUnit.MILLISECONDS) + mi * m.convertTo(TimeUnit.MILLISECONDS))
                        / 1000.0;
            }
            seconds += n * Math.max(1, f) * FORK_OVERHEAD_SECONDS;
        }
    }

    /** The broker listeners (other protocols, TLS) the trials need: their plugins are enabled before the first fork. */
    public Set<Listener> listeners() {
        return Collections.unmodifiableSet(listeners);
    }

    public int trials() {
        return trials;
    }

    public double seconds() {
        return seconds;
    }

    /** E.g. {@code plan: 7 trials of 5 benchmarks in 21 forks, about 4 min 40 s: A.x, B.y, ...}. */
    public String describe() {
        List<String> names = new ArrayList<>(benchmarks);
        String listed = names.size() <= 8
                ? String.join(", ", names)
                : String.join(", ", names.subList(0, 8)) + " and " + (names.size() - 8) + " more";
        return "plan: " + trials + (trials == 1 ? " trial" : " trials") + " of " + names.size()
                + (names.size() == 1 ? " benchmark" : " benchmarks") + " in " + forks
                + (forks == 1 ? " fork" : " forks")
                + ", about " + duration(seconds)
                + (untimedTrials > 0 ? " (" + untimedTrials + " of them single-shot, their iterations not timed)" : "")
                + ": " + listed;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
