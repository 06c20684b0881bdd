package org.rabbitmqjmh.engine;

import java.time.Duration;

/**
 * What a consumer does with a message. SLEEP stands for waiting on I/O (a database call): it holds a
 * thread but no core, so pools scale past the core count. CPU spins for its duration and cannot.
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

  public void perform() throws InterruptedException {
    switch (kind) {
      case SLEEP:
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        break;
      case CPU:
        long end = System.nanoTime() + nanos;
        long x = 0;
        while (System.nanoTime() < end) {
          for (int i = 0; i < 64; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
          }
        }
        sink = x;
        break;
      default:
        break;
    }
  }
}
