package org.rabbitmqjmh.results;

import java.util.Arrays;

/**
 * One entry of JMH's JSON: a benchmark's primary metric with its per-fork, per-iteration samples.
 * {@code samples[fork][iteration]}; empty when JMH ran with {@code -Djmh.json.rawData=false}.
 */
public record JmhResult(BenchmarkKey key, String unit, double score, double scoreError, double[][] samples) {

    public boolean hasSamples() {
        return Arrays.stream(samples).anyMatch(fork -> fork.length > 0);
    }

    public int forks() {
        return samples.length;
    }

    /** Each fork's mean over its iterations, forks without samples left out. */
    public double[] forkMeans() {
        return Arrays.stream(samples)
                .filter(f -> f.length > 0)
                .mapToDouble(f -> Arrays.stream(f).average().orElse(Double.NaN))
                .toArray();
    }

    public Direction direction() {
        return Direction.of(key.mode(), unit);
    }
}
