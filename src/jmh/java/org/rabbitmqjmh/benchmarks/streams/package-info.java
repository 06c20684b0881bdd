/** The stream protocol's own features: super streams, single active consumer, filtering, sub-entry batching. */
package org.rabbitmqjmh.benchmarks.streams;
