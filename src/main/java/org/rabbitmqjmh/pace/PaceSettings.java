package org.rabbitmqjmh.pace;

import java.time.Duration;

/**
 * One pace-matching run: the producer's and the consumer's rates (messages per second), the message
 * size, the consumer's prefetch, the producer's window of outstanding confirms, the back-pressure mode
 * and the queue length limit it uses ({@code reject-publish}, {@code drop-head}).
 */
public record PaceSettings(double producerRate, double consumerRate, int messageSize, int prefetch,
    int confirmWindow, BackPressure backPressure, long maxLength) {

  public PaceSettings {
    if (!(producerRate > 0) || producerRate > 1_000_000) {
      throw new IllegalArgumentException("producer rate " + producerRate + " msg/s is out of range; allowed: 0 < rate <= 1000000");
    }
    if (!(consumerRate > 0) || consumerRate > 1_000_000) {
      throw new IllegalArgumentException("consumer rate " + consumerRate + " msg/s is out of range; allowed: 0 < rate <= 1000000");
    }
    if (prefetch < 1 || prefetch > 65535) {
      throw new IllegalArgumentException("prefetch " + prefetch + " is out of range; allowed: 1..65535");
    }
    if (confirmWindow < 1 || confirmWindow > 65535) {
      throw new IllegalArgumentException("confirm window " + confirmWindow + " is out of range; allowed: 1..65535");
    }
    if (backPressure.overflow().isPresent() && maxLength < 1) {
      throw new IllegalArgumentException(backPressure + " needs a queue length limit of at least 1, not " + maxLength);
    }
  }

  /** The source document's experiment: 1,000 msg/s against 100 msg/s. */
  public static PaceSettings defaults(BackPressure mode) {
    return new PaceSettings(1000, 100, 1024, 10, 100, mode, 5000);
  }

  public PaceSettings withRates(double producer, double consumer) {
    return new PaceSettings(producer, consumer, messageSize, prefetch, confirmWindow, backPressure, maxLength);
  }

  public PaceSettings withMaxLength(long length) {
    return new PaceSettings(producerRate, consumerRate, messageSize, prefetch, confirmWindow, backPressure, length);
  }

  /** What one message of the consumer costs: the work that paces it to {@link #consumerRate()}. */
  Duration consumerWork() {
    return Duration.ofNanos(Math.round(1e9 / consumerRate));
  }
}
