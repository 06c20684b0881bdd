/**
 * JMH's JSON results read back ({@link org.rabbitmqjmh.results.JmhJson}), keyed by benchmark, mode and
 * params ({@link org.rabbitmqjmh.results.BenchmarkKey}), with the metrics that are rows and gate
 * ({@link org.rabbitmqjmh.results.Metrics}). What reads them: {@code compare} (two runs),
 * {@code calibration} (same-build runs into noise floors), {@code charts} (one run's PNGs and index.html),
 * {@code history} (many commits, change points).
 */
package org.rabbitmqjmh.results;
