package org.rabbitmqjmh.profilers;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;
import org.rabbitmqjmh.broker.BrokerCpu;
import org.rabbitmqjmh.engine.ClientTotals;
import org.rabbitmqjmh.host.EndedThreads;
import org.rabbitmqjmh.host.Schedstat;

/**
 * What each message cost, per measurement iteration: CPU time of the client and of the broker, and
 * bytes the client allocated. Wall-clock throughput on a shared 2-core machine swings by ~11% between
 * forks; the work done per message swings much less (allocation by ~2-3%), so a change in the code
 * shows there first. Secondary results, in the unit a reader needs:
 * <ul>
 *   <li>{@code cost.client.cpu}: the fork's process CPU time (every thread, JIT and GC included), ns/msg;</li>
 *   <li>{@code cost.client.cpu.java}: CPU time of the fork's Java threads only (the benchmark, amqp-client's
 *       reader and consumer threads; not the JIT compiler or GC threads), ns/msg;</li>
 *   <li>{@code cost.client.cpu.user}: the user-mode part of {@code cost.client.cpu.java}, ns/msg: the
 *       client's own code (ours, amqp-client's, the JDK's), without the kernel's work for it (system
 *       calls, wake-ups, the TCP stack); the nearest to counting user-space instructions, which this VM
 *       cannot do. A change in client code moves it about twice as much, relative to its size, as the
 *       total. But the kernel splits user from system time by sampling at its clock tick (4 ms here) and
 *       reports it in 10 ms units, about 9% of one 1 s iteration's figure on the publish rows, so it is
 *       noisier than the total by as much, and not gated (results/gate/user-cpu);</li>
 *   <li>{@code cost.client.alloc}: bytes the Java threads allocated, B/msg;</li>
 *   <li>{@code cost.broker.cpu}: the broker's CPU time ({@link BrokerCpu}: the private node's process,
 *       a container's cgroup), ns/msg; absent for a broker at a URI, which is not ours to watch.</li>
 * </ul>
 * Beside them, in the JSON only (not rows of {@code compare}: they explain a cost, they are not one), what
 * the scheduler counted ({@link Schedstat}) per message, for the fork and for a private node:
 * {@code sched.client.switches} and {@code sched.broker.switches} (times a thread was put on a CPU,
 * switches/msg), {@code sched.client.runq} and {@code sched.broker.runq} (time runnable but waiting for a
 * CPU, ns/msg). A fork that is slow because its threads wake more often per message, or queue for the
 * CPU behind the broker's, shows it there.
 *
 * <p>A message is one the client published in the iteration, or, where it published none, one it received
 * (ClientTotals); a benchmark that moves no message through the client (the in-memory queue) is measured
 * per JMH operation instead, and without a broker cost. Everything the fork did in the iteration counts,
 * including a drain's per-invocation fill: the cost is that of the benchmark's work, not of one call.
 *
 * <p>Per-thread figures are deltas of threads alive at both ends of the iteration plus the totals of
 * threads born during it; a thread that ends inside the iteration counts as it ended
 * ({@link EndedThreads}: every connection thread of ours records itself), where a naive sum loses it and
 * can even go negative. The last iteration also carries the trial's teardown (JMH runs it before the
 * profilers read), the closing of connections and the deleting of queues: a few ms against the
 * iteration's second.
 */
public final class CostProfiler implements InternalProfiler {

    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Optional<BrokerCpu> broker = BrokerCpu.fromSettings();
    private static final Path SELF = Path.of("/proc/self");

    private long processCpu;
    private Map<Long, long[]> perThread = Map.of();
    private Optional<BrokerCpu.Reading> brokerBefore = Optional.empty();
    private ClientTotals.Snapshot totals;
    private Optional<Map<Long, Schedstat>> clientSched = Optional.empty();
    private SpeedProbe probe;

    @Override
    public String getDescription() {
        return "rabbitmq-jmh cost per message: client and broker CPU time, client allocation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        if (iterationParams.getType() != IterationType.MEASUREMENT) {
            return;
        }
        totals = ClientTotals.now();
        probe = SpeedProbe.ENABLED ? SpeedProbe.start() : null;
        EndedThreads.drain(); // threads that ended before this iteration are none of its business
        brokerBefore = broker.map(BrokerCpu::read);
        clientSched = Schedstat.threadsOf(SELF);
        perThread = threadTimes();
        processCpu = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        if (iterationParams.getType() != IterationType.MEASUREMENT) {
            return List.of();
        }
        long process = os.getProcessCpuTime() - processCpu;
        double probeNanos = probe == null ? Double.NaN : probe.stop();
        Map<Long, long[]> now = threadTimes();
        Optional<BrokerCpu.Reading> brokerNow = broker.map(BrokerCpu::read);
        Optional<Map<Long, Schedstat>> clientSchedNow = Schedstat.threadsOf(SELF);
        ClientTotals.Snapshot end = ClientTotals.now();
        long javaCpu = 0;
        long alloc = 0;
        long user = 0;
        // Threads that ended during the iteration (a connection closed by the trial's teardown, which JMH
        // runs before the last iteration's profilers): their counters as they ended.
        Map<Long, long[]> ended = EndedThreads.drain();
        ended.keySet().removeAll(now.keySet());
        now.putAll(ended);
        for (Map.Entry<Long, long[]> t : now.entrySet()) {
            long[] before = perThread.getOrDefault(t.getKey(), new long[3]);
            javaCpu += Math.max(0, t.getValue()[0] - before[0]);
            alloc += Math.max(0, t.getValue()[1] - before[1]);
            user += Math.max(0, t.getValue()[2] - before[2]);
        }
        long viaClient = messagesThroughClient(totals, end);
        double messages = viaClient > 0
                ? viaClient
                : result.getMetadata() == null ? 0 : result.getMetadata().getMeasuredOps();
        if (!(messages > 0)) {
            return List.of();
        }
        List<Result> out = new ArrayList<>();
        out.add(CostMetric.CLIENT_CPU.result(process / messages));
        out.add(CostMetric.CLIENT_CPU_JAVA.result(javaCpu / messages));
        out.add(CostMetric.CLIENT_CPU_USER.result(user / messages));
        out.add(CostMetric.CLIENT_ALLOC.result(alloc / messages));
        // Only where the messages went through the broker: the in-memory benchmark would divide an idle
        // node's housekeeping by millions of messages, a figure of noise.
        long brokerCpu = brokerBefore.map(BrokerCpu.Reading::nanos).orElse(-1L);
        long brokerCpuNow = brokerNow.map(BrokerCpu.Reading::nanos).orElse(-1L);
        if (viaClient > 0 && brokerCpu >= 0 && brokerCpuNow >= 0) {
            out.add(CostMetric.BROKER_CPU.result((brokerCpuNow - brokerCpu) / messages));
        }
        scheduling(out, "client", clientSched, clientSchedNow, messages);
        if (!Double.isNaN(probeNanos)) {
            out.add(new ScalarResult("sched.client.probe", probeNanos, "ns", AggregationPolicy.AVG));
        }
        if (viaClient > 0) {
            scheduling(
                    out,
                    "broker",
                    brokerBefore.flatMap(BrokerCpu.Reading::threads),
                    brokerNow.flatMap(BrokerCpu.Reading::threads),
                    messages);
        }
        return out;
    }

    private static void scheduling(
            List<Result> out,
            String who,
            Optional<Map<Long, Schedstat>> before,
            Optional<Map<Long, Schedstat>> after,
            double messages) {
        if (before.isPresent() && after.isPresent()) {
            Schedstat d = Schedstat.change(before.get(), after.get());
            out.add(new ScalarResult(
                    "sched." + who + ".switches", d.slices() / messages, "switches/msg", AggregationPolicy.AVG));
            out.add(new ScalarResult(
                    "sched." + who + ".runq", d.runQueueNanos() / messages, "ns/msg", AggregationPolicy.AVG));
        }
    }

    /** The iteration's messages through the client's Publishers and QueueConsumers: published, else received. */
    static long messagesThroughClient(ClientTotals.Snapshot start, ClientTotals.Snapshot end) {
        long published = end.published() - start.published();
        return published > 0 ? published : end.received() - start.received();
    }

    /** Thread id to {CPU ns, allocated bytes, user-mode CPU ns}, for every live Java thread. */
    private Map<Long, long[]> threadTimes() {
        long[] ids = threads.getAllThreadIds();
        long[] cpu = threads.getThreadCpuTime(ids);
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        long[] user = threads.getThreadUserTime(ids);
        Map<Long, long[]> m = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (cpu[i] >= 0 && bytes[i] >= 0 && user[i] >= 0) {
                m.put(ids[i], new long[] {cpu[i], bytes[i], user[i]});
            }
        }
        return m;
    }
}
