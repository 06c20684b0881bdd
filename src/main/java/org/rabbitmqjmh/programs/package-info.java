/**
 * Programs with a {@code main} of their own, beside the JMH benchmarks: Producer and Consumer (CSV rows
 * per message), Experiment, PaceMatching, Failover, and Instructions (client work counted under
 * valgrind). Each ends bad input in one line and exit 2 ({@code Programs}).
 */
package org.rabbitmqjmh.programs;
