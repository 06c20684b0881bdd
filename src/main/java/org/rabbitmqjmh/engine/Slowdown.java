package org.rabbitmqjmh.engine;

/**
 * A deliberate regression, for proving that {@code compare} catches one. Every message published and
 * every message consumed costs more on the thread that handles it:
 * <ul>
 *   <li>{@code -Drabbitmqjmh.slowdown.ns=N}: N more nanoseconds of busy waiting (CPU, and time);</li>
 *   <li>{@code -Drabbitmqjmh.slowdown.alloc.bytes=N}: one more array of N bytes (allocation; a publish
 *       row whose consumer runs in the same fork pays it twice a message).</li>
 * </ul>
 * Zero (the default) costs nothing: the constants are final, so the JIT removes the branches.
 *
 * <p>A busy wait, not a sleep: a sleep's granularity (50 µs and more) would swamp a microsecond delay.
 * The array is published to a static field so that escape analysis cannot remove it.
 */
public final class Slowdown {

  public static final String PROPERTY = "rabbitmqjmh.slowdown.ns";
  public static final String ALLOC_PROPERTY = "rabbitmqjmh.slowdown.alloc.bytes";

  private static final long NANOS = Long.getLong(PROPERTY, 0);
  private static final int ALLOC_BYTES = Integer.getInteger(ALLOC_PROPERTY, 0);

  /** Where the extra arrays go, so that they are really allocated. */
  static volatile byte[] sink;

  private Slowdown() {
  }

  static void perMessage() {
    if (NANOS > 0) {
      long until = System.nanoTime() + NANOS;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
    }
    if (ALLOC_BYTES > 0) {
      sink = new byte[ALLOC_BYTES];
    }
  }
}
