/** What consuming costs: QoS prefetch, ack modes, consumer styles, worker pools. */
package org.rabbitmqjmh.benchmarks.consume;
