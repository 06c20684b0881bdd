package org.rabbitmqjmh.profilers;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;
import org.rabbitmqjmh.engine.consume.SequenceCheck;
import org.rabbitmqjmh.engine.timing.Latency;

/**
 * The distributions and maxima of the running trial, by name, for {@link LatencyProfiler} to report.
 * They cannot be {@code @AuxCounters}: JMH sums those over threads and iterations, and a sum of
 * percentiles or of maxima means nothing. A fork runs one trial, so a static registry is per trial.
 */
public final class TrialMetrics {

    private static final Map<String, Latency> LATENCIES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> MAXIMA = new ConcurrentHashMap<>();
    private static final Map<String, DoubleAccumulator[]> MEANS = new ConcurrentHashMap<>();

    private TrialMetrics() {}

    /** The latency distribution of that name (nanoseconds), shared by all threads of the trial. */
    public static Latency latency(String name) {
        return LATENCIES.computeIfAbsent(name, n -> new Latency());
    }

    /** Raises the maximum of that name to {@code value} if it is larger. */
    public static void max(String name, long value) {
        MAXIMA.computeIfAbsent(name, n -> new AtomicLong(Long.MIN_VALUE)).accumulateAndGet(value, Math::max);
    }

    /**
     * The order counters of a trial's {@link SequenceCheck} so far (running totals: their maximum is the
     * total): {@code order.duplicates}, {@code order.out-of-order}, {@code order.redelivered}. No gap
     * count: one still open at the trial's end fails it, and one open mid-trial may yet be filled.
     */
    public static void order(SequenceCheck s) {
        order(List.of(s));
    }

    /** The same over several checks (consumers that each see every message), summed. */
    public static void order(Collection<SequenceCheck> checks) {
        max(
                "order.duplicates",
                checks.stream().mapToLong(SequenceCheck::duplicates).sum());
        max(
                "order.out-of-order",
                checks.stream().mapToLong(SequenceCheck::outOfOrder).sum());
        max(
                "order.redelivered",
                checks.stream().mapToLong(SequenceCheck::redelivered).sum());
    }

    /** Adds one observation to the mean of that name (a ratio, a time per invocation). */
    public static void observe(String name, double value) {
        var sumAndCount = MEANS.computeIfAbsent(name, n ->
                new DoubleAccumulator[] {new DoubleAccumulator(Double::sum, 0), new DoubleAccumulator(Double::sum, 0)});
        sumAndCount[0].accumulate(value);
        sumAndCount[1].accumulate(1);
    }

    /** The means of the observations since the last call, each forgotten as it is read. */
    static Map<String, Double> takeMeans() {
        Map<String, Double> m = new TreeMap<>();
        MEANS.forEach((k, v) -> {
            double sum = v[0].getThenReset();
            double count = v[1].getThenReset();
            if (count > 0) {
                m.put(k, sum / count);
            }
        });
        return m;
    }

    /** Forgets everything recorded so far: called when measurement starts, so warmup does not count. */
    static void reset() {
        LATENCIES.values().forEach(Latency::reset);
        MAXIMA.values().forEach(m -> m.set(Long.MIN_VALUE));
        MEANS.values().forEach(v -> {
            v[0].reset();
            v[1].reset();
        });
    }

    static Map<String, Latency> latencies() {
        return new TreeMap<>(LATENCIES);
    }

    /** The maxima since the last call, each forgotten as it is read. */
    static Map<String, Long> takeMaxima() {
        Map<String, Long> m = new TreeMap<>();
        MAXIMA.forEach((k, v) -> {
            long value = v.getAndSet(Long.MIN_VALUE);
            if (value != Long.MIN_VALUE) {
                m.put(k, value);
            }
        });
        return m;
    }
}
