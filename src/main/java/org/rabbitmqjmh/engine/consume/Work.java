package org.rabbitmqjmh.engine.consume;

import java.time.Duration;
import org.rabbitmqjmh.engine.Enums;

/**
 * What a consumer does with a message. SLEEP stands for waiting on I/O (a database call): it holds a
 * thread but no core, so pools scale past the core count. CPU is a fixed amount of computation that
 * takes the given duration on one free core; it cannot scale past the cores. (Spinning until the
 * wall clock passes would be wrong: a thread waiting for a core would count time it never computed.)
 */
public record Work(Kind kind, long nanos, int longEvery, int longFactor) {

    public enum Kind {
        NONE,
        SLEEP,
        CPU
    }

    public static final Work NONE = new Work(Kind.NONE, 0, 0, 1);

    public Work(Kind kind, long nanos) {
        this(kind, nanos, 0, 1);
    }

    /**
     * The same work, but every {@code every}-th task (by message id) takes {@code factor} times as long:
     * uneven tasks, where round-robin dispatch with a large prefetch leaves some workers idle.
     */
    public Work skewed(int every, int factor) {
        return new Work(kind, nanos, every, factor);
    }

    /** How long the task of message {@code id} takes. */
    public long nanosFor(long id) {
        return longEvery > 0 && id % longEvery == 0 ? nanos * longFactor : nanos;
    }

    /** Keeps the CPU loop's result alive so the JIT cannot drop the loop. */
    private static volatile long sink;

    public static Work sleep(Duration d) {
        return new Work(Kind.SLEEP, d.toNanos());
    }

    public static Work cpu(Duration d) {
        return new Work(Kind.CPU, d.toNanos());
    }

    public static Work parse(String kind, Duration d) {
        Kind k = Enums.parse(Kind.class, kind, "work kind");
        return k == Kind.NONE ? NONE : new Work(k, d.toNanos());
    }

    private static long compute(long rounds) {
        long x = rounds;
        for (long r = 0; r < rounds; r++) {
            for (int i = 0; i < 64; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        return x;
    }

    /** Rounds of {@link #compute} per millisecond on one core, measured once, after a warm-up. */
    private static final class Calibration {
        static final long ROUNDS_PER_MILLI = measure();

        private static long measure() {
            long rounds = 1_000;
            long best = 0;
            for (int attempt = 0; attempt < 8; attempt++) {
                long t0 = System.nanoTime();
                sink = compute(rounds);
                long took = System.nanoTime() - t0;
                best = Math.max(best, rounds * 1_000_000 / Math.max(1, took));
                rounds = Math.max(1_000, best * 20); // the next attempt runs about 20 ms
            }
            return Math.max(1, best);
        }
    }

    public void perform(long id) throws InterruptedException {
        long n = nanosFor(id);
        switch (kind) {
            case SLEEP:
                Thread.sleep(n / 1_000_000, (int) (n % 1_000_000));
                break;
            case CPU:
                sink = compute(n * Calibration.ROUNDS_PER_MILLI / 1_000_000);
                break;
            default:
                break;
        }
    }
}
