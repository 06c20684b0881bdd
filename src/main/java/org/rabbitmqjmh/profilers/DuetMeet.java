package org.rabbitmqjmh.profilers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;

/**
 * A duet run's meeting point ({@code --duet}): before each iteration, warm-up and measurement alike, a
 * fork of one side waits for the fork of the other side that runs the same benchmark and parameters at
 * the same iteration, so that both measure the same second of the host's life. Each side leaves a file
 * named for the trial and the iteration in the round's folder ({@link #PROPERTY}, given by the launcher)
 * and looks for the other's.
 *
 * <p>Why files: both sides run on this machine, and a file needs no port, no broker of either side and
 * nothing to clean up beyond the run folder. Polling every 2 ms aligns the two within a few ms of a
 * 1 s iteration. A side that never arrives (a failed trial, a base built before duets existed) is waited
 * for once, for {@link #FIRST_WAIT} at the first iteration and {@link #NEXT_WAIT} at the others; then this
 * fork says so in one line and runs the rest of its trial unaligned rather than hang.
 */
public final class DuetMeet implements InternalProfiler {

    /** The round's meeting folder and this side's name, {@code FOLDER:SIDE}; unset outside a duet. */
    public static final String PROPERTY = "rabbitmqjmh.duet.meet";
    /** The first meeting waits for the other JVM's start, its broker connection and its trial's set-up. */
    static final Duration FIRST_WAIT = Duration.ofMinutes(2);

    static final Duration NEXT_WAIT = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofMillis(2);

    private final Path folder;
    private final String side;
    private final Duration firstWait;
    private final Duration nextWait;
    private int iteration;
    private boolean alone;

    public DuetMeet() {
        this(System.getProperty(PROPERTY, ""), FIRST_WAIT, NEXT_WAIT);
    }

    DuetMeet(String setting, Duration firstWait, Duration nextWait) {
        this.firstWait = firstWait;
        this.nextWait = nextWait;
        int colon = setting.lastIndexOf(':');
        if (colon <= 0 || colon == setting.length() - 1) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + setting + " is not FOLDER:SIDE");
        }
        this.folder = Path.of(setting.substring(0, colon));
        this.side = setting.substring(colon + 1);
    }

    /** Whether this launcher's forks meet another side's: set by a duet run for each side's launcher. */
    public static boolean enabled() {
        return !System.getProperty(PROPERTY, "").isEmpty();
    }

    @Override
    public String getDescription() {
        return "rabbitmq-jmh duet: meets the other side's fork before every iteration";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iterationParams) {
        meet(benchmark.id());
    }

    /**
     * The next iteration of trial {@code id} (benchmark and parameters): true once the other side reached
     * it too; false when this side is alone (said once), for the rest of the trial.
     */
    boolean meet(String id) {
        iteration++;
        if (alone) {
            return false;
        }
        String name = trialName(id) + "-" + iteration + ".";
        Duration wait = iteration == 1 ? firstWait : nextWait;
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(name + side), "");
            if (awaitOther(name, wait)) {
                return true;
            }
            System.err.println("duet: the other side did not reach iteration " + iteration + " of " + id + " within "
                    + wait.toSeconds() + " s; the rest of this trial runs unaligned");
        } catch (IOException e) {
            System.err.println("duet: cannot meet the other side in " + folder + ": " + e.getMessage()
                    + "; this trial runs unaligned");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        alone = true;
        return false;
    }

    /** The trial as a file name: benchmark and parameters, readable, cut short and told apart by a hash. */
    static String trialName(String id) {
        String readable = id.replaceAll("[^A-Za-z0-9._=-]", "_");
        return readable.substring(0, Math.min(100, readable.length())) + "-" + Integer.toHexString(id.hashCode());
    }

    /** True once a file of this iteration from any other side is there; false after {@code wait}. */
    private boolean awaitOther(String prefix, Duration wait) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(folder)) {
                if (files.map(p -> p.getFileName().toString())
                        .anyMatch(n -> n.startsWith(prefix) && !n.equals(prefix + side))) {
                    return true;
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        return false;
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmark, IterationParams iterationParams, IterationResult result) {
        return List.of();
    }
}
