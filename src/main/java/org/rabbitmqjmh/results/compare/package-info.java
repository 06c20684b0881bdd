/**
 * Is one run slower than another? {@link org.rabbitmqjmh.results.compare.Compare} reads two runs (or an
 * interleaved run's two sides), {@link org.rabbitmqjmh.results.compare.Comparison} judges each row with a
 * bootstrap interval of head/base and its noise floor, {@link org.rabbitmqjmh.results.compare.ComparisonText}
 * prints it.
 */
package org.rabbitmqjmh.results.compare;
