package org.rabbitmqjmh.engine;

/**
 * A deliberate regression, for proving that {@code compare} catches one: with
 * {@code -Drabbitmqjmh.slowdown.ns=N} every message published and every message consumed costs N more
 * nanoseconds of busy waiting on the thread that handles it. Zero (the default) costs nothing: the
 * constant is final, so the JIT removes the call.
 *
 * <p>A busy wait, not a sleep: a sleep's granularity (50 µs and more) would swamp a microsecond delay.
 */
public final class Slowdown {

  public static final String PROPERTY = "rabbitmqjmh.slowdown.ns";

  private static final long NANOS = Long.getLong(PROPERTY, 0);

  private Slowdown() {
  }

  static void perMessage() {
    if (NANOS > 0) {
      long until = System.nanoTime() + NANOS;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
    }
  }
}
