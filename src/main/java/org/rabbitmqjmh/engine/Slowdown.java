package org.rabbitmqjmh.engine;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A deliberate regression, for proving that {@code compare} catches one. Every message published and
 * every message consumed costs more on the thread that handles it:
 * <ul>
 *   <li>{@code -Drabbitmqjmh.slowdown.ns=N}: N more nanoseconds of busy waiting (CPU, and time);</li>
 *   <li>{@code -Drabbitmqjmh.slowdown.cpu.percent=P}: busy CPU of P% of what the client process has used
 *       besides, whatever the row: a fixed N would be 1% of one row's CPU per message and 1,000% of
 *       another's (a confirm-each publish costs 40 µs of Java CPU, an in-memory one 0.15 µs);</li>
 *   <li>{@code -Drabbitmqjmh.slowdown.alloc.bytes=N}: one more array of N bytes (allocation; a publish
 *       row whose consumer runs in the same fork pays it twice a message);</li>
 *   <li>{@code -Drabbitmqjmh.slowdown.work=N}: N more rounds of a fixed integer loop (work: the same
 *       instructions on every host, however fast, for proving the instruction count's gate).</li>
 *   <li>{@code -Drabbitmqjmh.slowdown.broker.copy.every=K}: the broker's work, not the client's: one
 *       message in K a {@code Publisher} sends is also routed (its {@code CC} header) to a second queue
 *       of the publisher's own, which expires it at once and dead-letters it nowhere. The broker routes,
 *       enqueues, expires and dead-letters one more message per K; the client adds one header.</li>
 * </ul>
 * Zero (the default) costs nothing: the constants are final, so the JIT removes the branches.
 *
 * <p>A busy wait, not a sleep: a sleep's granularity (50 µs and more) would swamp a microsecond delay.
 * The array is published to a static field so that escape analysis cannot remove it.
 */
public final class Slowdown {

    public static final String PROPERTY = "rabbitmqjmh.slowdown.ns";
    public static final String CPU_PROPERTY = "rabbitmqjmh.slowdown.cpu.percent";
    public static final String ALLOC_PROPERTY = "rabbitmqjmh.slowdown.alloc.bytes";
    public static final String WORK_PROPERTY = "rabbitmqjmh.slowdown.work";
    public static final String BROKER_COPY_PROPERTY = "rabbitmqjmh.slowdown.broker.copy.every";

    private static final long NANOS = Long.getLong(PROPERTY, 0);
    private static final double CPU_SHARE = Double.parseDouble(System.getProperty(CPU_PROPERTY, "0")) / 100;
    private static final int ALLOC_BYTES = Integer.getInteger(ALLOC_PROPERTY, 0);
    private static final int WORK_ROUNDS = Integer.getInteger(WORK_PROPERTY, 0);
    private static final int BROKER_COPY_EVERY = Integer.getInteger(BROKER_COPY_PROPERTY, 0);

    /**
     * How many of a thread's messages go between two top-ups of the CPU slowdown: reading the process's
     * CPU time is a system call (about 1 µs), which at every in-memory message would be a slowdown of
     * its own; every 512th keeps it under 1% there, and a top-up still comes several times a second on
     * the slowest row (a confirm each, 8,000 a second).
     */
    private static final int CPU_EVERY = 512;

    /** Where the extra arrays go, so that they are really allocated. */
    static volatile byte[] sink;
    /** Where the work's result goes, so that the JIT cannot remove the loop. */
    static volatile long workSink;

    private static final ThreadLocal<int[]> CALLS = ThreadLocal.withInitial(() -> new int[1]);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static long startCpu = -1;
    private static long spunNanos;

    private Slowdown() {}

    public static void perMessage() {
        if (NANOS > 0) {
            long until = System.nanoTime() + NANOS;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
        if (CPU_SHARE > 0) {
            int[] calls = CALLS.get();
            if (++calls[0] % CPU_EVERY == 0) {
                topUp();
            }
        }
        if (ALLOC_BYTES > 0) {
            sink = new byte[ALLOC_BYTES];
        }
        if (WORK_ROUNDS > 0) {
            work(WORK_ROUNDS);
        }
    }

    /** K of {@code rabbitmqjmh.slowdown.broker.copy.every}: one message in K also goes to a second queue; 0: none. */
    public static int brokerCopyEvery() {
        return BROKER_COPY_EVERY;
    }

    /** xorshift rounds, each depending on the last: no clock, so the same instructions on every run. */
    private static void work(int rounds) {
        long x = workSink | 1;
        for (int i = 0; i < rounds; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        workSink = x;
    }

    /**
     * Spins on this thread's CPU until the spinning so far is {@link #CPU_SHARE} of the process's other
     * CPU time since the first top-up. Counted from the process's CPU, the share holds whichever threads
     * do the work (publisher, connection reader, consumer, JIT, collector). One thread at a time: two
     * spinning at once would overshoot.
     */
    private static synchronized void topUp() {
        long cpu = OS.getProcessCpuTime();
        if (startCpu < 0) {
            startCpu = cpu;
            return;
        }
        long owed = (long) ((cpu - startCpu - spunNanos) * CPU_SHARE) - spunNanos;
        if (owed <= 0) {
            return;
        }
        // Spun by the clock (no system call, nothing allocated in the loop), counted by this thread's CPU:
        // were the thread preempted, the next top-up makes up for the CPU it did not get.
        long cpuFrom = THREADS.getCurrentThreadCpuTime();
        long until = System.nanoTime() + owed;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        spunNanos += THREADS.getCurrentThreadCpuTime() - cpuFrom;
    }
}
