package org.rabbitmqjmh.profilers;

import java.util.Arrays;
import java.util.Optional;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The costs per message a trial records, each declared once: its name in JMH's JSON, its unit, what it
 * counts, and whether {@code compare} may fail a comparison on it (and why, or why not). Every cost is
 * lower-is-better. The profilers write them from here; {@code results.Metrics} takes the gate,
 * {@code results.RunSummary} its columns and docs/metrics.md its table from here (MetricsTableTest
 * keeps that table equal to this one).
 */
public enum CostMetric {
    CLIENT_CPU(
            "cost.client.cpu",
            "ns/msg",
            "the fork's process CPU time (every thread, JIT and GC included)",
            false,
            "the JIT's and the collector's work lands differently in each fork: 2 to 4 times the Java threads' "
                    + "spread, up to 18% a round on the quorum and drain rows"),
    CLIENT_CPU_JAVA(
            "cost.client.cpu.java",
            "ns/msg",
            "the fork's Java threads only: benchmark, amqp-client reader and consumer threads",
            true,
            "client code that computes more, on the benchmark's own threads"),
    CLIENT_CPU_USER(
            "cost.client.cpu.user",
            "ns/msg",
            "the user-mode part of `cost.client.cpu.java` (the kernel samples the split at its clock tick)",
            false,
            "it answers a change in client code twice as strongly, and is noisier by as much "
                    + "(results/gate/user-cpu)"),
    CLIENT_ALLOC(
            "cost.client.alloc",
            "B/msg",
            "bytes the Java threads allocated",
            true,
            "client code that copies, boxes or buffers more"),
    BROKER_CPU(
            "cost.broker.cpu",
            "ns/msg",
            "the broker's CPU time: the private node's threads (`/proc/PID/task/*/schedstat`), a container's cgroup "
                    + "(`cpu.stat`)",
            true,
            "the broker, its version, settings and plugins doing more per message"),
    BROKER_REDUCTIONS(
            "cost.broker.reductions",
            "red/msg",
            "the Erlang VM's reductions (its unit of work, counted, not timed) over the iteration, every node's, "
                    + "from the broker's metrics",
            true,
            "the broker doing more per message, whatever the host's speed (results/gate/reductions)");

    private final String metric;
    private final String unit;
    private final String counts;
    private final boolean gated;
    private final String why;

    CostMetric(String metric, String unit, String counts, boolean gated, String why) {
        this.metric = metric;
        this.unit = unit;
        this.counts = counts;
        this.gated = gated;
        this.why = why;
    }

    /** Its name in JMH's JSON, a secondary result of the benchmark ({@code cost.client.alloc}). */
    public String metric() {
        return metric;
    }

    public String unit() {
        return unit;
    }

    /** What it counts, in one phrase. */
    public String counts() {
        return counts;
    }

    /** Whether a significant rise fails a comparison. */
    public boolean gated() {
        return gated;
    }

    /** What a rise means where gated; where not, why not. */
    public String why() {
        return why;
    }

    /** One iteration's value, as JMH keeps it: averaged over iterations and forks. */
    public ScalarResult result(double perMessage) {
        return new ScalarResult(metric, perMessage, unit, AggregationPolicy.AVG);
    }

    public static Optional<CostMetric> named(String metric) {
        return Arrays.stream(values()).filter(c -> c.metric.equals(metric)).findFirst();
    }
}
