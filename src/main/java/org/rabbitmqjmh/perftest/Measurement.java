package org.rabbitmqjmh.perftest;

/**
 * One side of one round of one scenario: a row of side-by-side.csv.
 *
 * @param round 1, 2, ...
 * @param order 1 when this side ran first in its round, 2 when second
 * @param rate msg/s, the measured seconds only
 * @param confirmP50 µs; NaN where the scenario has no confirms
 * @param queueDepthMax the largest depth sampled (5 a second); NaN where not sampled
 */
record Measurement(
        Scenario scenario, int round, Side side, int order, double rate, double confirmP50, double queueDepthMax) {

    enum Side {
        PERFTEST("perftest"),
        RABBITMQ_JMH("rabbitmq-jmh");

        private final String key;

        Side(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }
    }
}
