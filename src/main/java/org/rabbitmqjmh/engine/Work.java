package org.rabbitmqjmh.engine;

import java.time.Duration;

/**
 * What a consumer does with a message. SLEEP stands for waiting on I/O (a database call): it holds a
 * thread but no core, so pools scale past the core count. CPU is a fixed amount of computation that
 * takes the given duration on one free core; it cannot scale past the cores. (Spinning until the
 * wall clock passes would be wrong: a thread waiting for a core would count time it never computed.)
 */
public record Work(Kind kind, long nanos) {

  public enum Kind { NONE, SLEEP, CPU }

  public static final Work NONE = new Work(Kind.NONE, 0);

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

  public void perform() throws InterruptedException {
    switch (kind) {
      case SLEEP:
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        break;
      case CPU:
        sink = compute(nanos * Calibration.ROUNDS_PER_MILLI / 1_000_000);
        break;
      default:
        break;
    }
  }
}
