/**
 * JMH's JSON results read back: {@link org.rabbitmqjmh.results.Compare} compares two runs,
 * {@link org.rabbitmqjmh.results.Report} charts one.
 */
package org.rabbitmqjmh.results;
