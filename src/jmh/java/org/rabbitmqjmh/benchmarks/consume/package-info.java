/**
 * What consuming costs: QoS prefetch, ack modes, consumer styles, worker pools. Each benchmark's consumer
 * checks the publisher's sequence ({@code ConsumerUnderTest.checkOrder}): {@code order.duplicates},
 * {@code order.out-of-order} and {@code order.redelivered} are secondary results, and a gap fails the trial.
 */
package org.rabbitmqjmh.benchmarks.consume;
