package org.rabbitmqjmh.benchmarks;

import org.rabbitmqjmh.engine.consume.SequenceCheck;
import org.rabbitmqjmh.profilers.TrialMetrics;

/** The order check where a call or iteration ends with every message published handled by the consumers. */
public final class Order {

    private Order() {}

    /** Reports the counters so far and fails the trial on a gap: nothing more can fill it. */
    public static void complete(SequenceCheck sequence) {
        TrialMetrics.order(sequence);
        sequence.requireNoGap();
    }
}
