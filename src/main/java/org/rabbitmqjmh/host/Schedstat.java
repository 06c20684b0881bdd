package org.rabbitmqjmh.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the Linux scheduler counted for a process, summed over its threads from
 * {@code /proc/PID/task/TID/schedstat}: time on a CPU, time runnable but waiting for one (the run queue),
 * and how many times a thread was put on a CPU (each a wake-up or a return after preemption). All three
 * are exact counts, not the 10 ms ticks of {@code /proc/PID/stat}.
 *
 * <p>On 2 shared cores they say why a fork is slow: a fork whose threads wait in the run queue, or wake
 * more often per message, is paying for scheduling, not for its code. A thread that ends between two
 * reads takes its counts with it; between two iterations that is only the trial's teardown.
 */
public record Schedstat(long onCpuNanos, long runQueueNanos, long slices) {

    public static final Schedstat ZERO = new Schedstat(0, 0, 0);

    /** The sums over threads (of one process, or of several: a cluster's nodes). */
    public static Schedstat total(Map<Long, Schedstat> threads) {
        return threads.values().stream().reduce(ZERO, Schedstat::plus);
    }

    /** Thread id to its counts, for every thread of the process at {@code /proc/PID}; empty when unreadable. */
    public static Optional<Map<Long, Schedstat>> threadsOf(Path procPidDir) {
        Map<Long, Schedstat> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(procPidDir.resolve("task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String[] f = Files.readString(t.resolve("schedstat")).trim().split(" ");
                    out.put(
                            Long.parseLong(t.getFileName().toString()),
                            new Schedstat(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
                } catch (IOException | RuntimeException gone) {
                    // a thread that ended between the listing and the read
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    /**
     * What the threads did between two readings: the change of those alive at both, the whole of those born
     * in between. A thread that ended in between is left out, where subtracting process totals would count
     * its whole life as a negative (a JVM's short-lived threads made a fork's switches per message negative).
     */
    public static Schedstat change(Map<Long, Schedstat> before, Map<Long, Schedstat> after) {
        Schedstat sum = ZERO;
        for (Map.Entry<Long, Schedstat> t : after.entrySet()) {
            sum = sum.plus(t.getValue().minus(before.getOrDefault(t.getKey(), ZERO)));
        }
        return sum;
    }

    public Schedstat plus(Schedstat o) {
        return new Schedstat(onCpuNanos + o.onCpuNanos, runQueueNanos + o.runQueueNanos, slices + o.slices);
    }

    public Schedstat minus(Schedstat o) {
        return new Schedstat(onCpuNanos - o.onCpuNanos, runQueueNanos - o.runQueueNanos, slices - o.slices);
    }
}
