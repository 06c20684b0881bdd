package org.rabbitmqjmh.host;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * What a client thread had used when it ended: its CPU time, the user-mode part of it and the bytes it
 * allocated. The cost per message (profilers.CostProfiler) sums the threads' counters at both ends of an
 * iteration, and a thread that ends in between takes its counters with it: in the last iteration of a
 * trial, whose teardown closes the connections before the profiler reads, a publish row lost three
 * quarters of its allocation (4,574 B/msg in the iterations before, 1,072 in the last, 10 threads gone). The threads
 * of every connection we open come from one factory (Connections), which records them here as they end.
 */
public final class EndedThreads {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final Map<Long, long[]> ENDED = new HashMap<>();

    private EndedThreads() {}

    /** Wraps a thread's work so that its final counters are recorded when it ends. */
    public static Runnable recorded(Runnable work) {
        return () -> {
            try {
                work.run();
            } finally {
                long id = Thread.currentThread().getId();
                long cpu = THREADS.getCurrentThreadCpuTime();
                long bytes = THREADS.getThreadAllocatedBytes(id);
                long user = THREADS.getCurrentThreadUserTime();
                synchronized (ENDED) {
                    ENDED.put(id, new long[] {cpu, bytes, user});
                }
            }
        };
    }

    /** Thread id to {CPU ns, allocated bytes, user-mode CPU ns} at its end, for the threads that ended since the last call. */
    public static Map<Long, long[]> drain() {
        synchronized (ENDED) {
            Map<Long, long[]> out = new HashMap<>(ENDED);
            ENDED.clear();
            return out;
        }
    }
}
