/**
 * The suite's JMH profilers and what they share with the benchmarks: latency percentiles
 * ({@code LatencyProfiler}), the broker's counts beside the client's ({@code BrokerCrossCheck}), cost per
 * message ({@code CostProfiler}), per-message CSVs and histogram logs. Not JMH itself.
 */
package org.rabbitmqjmh.profilers;
