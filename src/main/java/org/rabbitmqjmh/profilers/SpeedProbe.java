package org.rabbitmqjmh.profilers;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A witness of how fast the fork's CPU runs, for telling a slower host from slower code: every 20 ms a
 * thread does a fixed piece of work (arithmetic and a walk over 256 KiB, to feel the caches too) and
 * times it in its own CPU time, so that waiting for the CPU does not count, only how fast the CPU ran
 * while it had it. Its mean over an iteration is {@code sched.client.probe} (ns per piece of work).
 *
 * <p>Diagnostic, off unless {@code -Drabbitmqjmh.probe=true}: a piece took 0.5–1 ms on the development
 * machine, about 4% of the benchmark's CPU, and its thread's CPU counts in the fork's costs.
 */
final class SpeedProbe implements Runnable {

    static final boolean ENABLED = Boolean.getBoolean("rabbitmqjmh.probe");

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final int[] memory = new int[64 * 1024];
    private volatile boolean running = true;
    private long totalNanos;
    private long pieces;
    private Thread thread;
    static volatile int sink;

    static SpeedProbe start() {
        SpeedProbe p = new SpeedProbe();
        p.thread = new Thread(p, "rabbitmq-jmh-speed-probe");
        p.thread.setDaemon(true);
        p.thread.start();
        return p;
    }

    @Override
    public void run() {
        for (int i = 0; i < memory.length; i++) {
            memory[i] = (i * 7919) & (memory.length - 1);
        }
        while (running) {
            long from = THREADS.getCurrentThreadCpuTime();
            sink = piece();
            long took = THREADS.getCurrentThreadCpuTime() - from;
            synchronized (this) {
                totalNanos += took;
                pieces++;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private int piece() {
        int x = sink | 1;
        int at = 0;
        for (int i = 0; i < 100_000; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            at = memory[(at + x) & (memory.length - 1)];
        }
        return x + at;
    }

    /** Stops the probe; the mean CPU time of one piece of work, or NaN when none ran. */
    double stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return pieces == 0 ? Double.NaN : (double) totalNanos / pieces;
        }
    }
}
