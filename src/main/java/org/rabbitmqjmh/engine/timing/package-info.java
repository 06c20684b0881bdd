/**
 * What the paths record and how it is written out: per-message timing rows ({@code TimingRecorder}),
 * latency histograms ({@code Latency}), nanoTime to epoch microseconds ({@code Clock}) and the one CSV
 * format ({@code Csv}). It depends on nothing else in the engine; publishing and consuming are in
 * engine.publish and engine.consume.
 */
package org.rabbitmqjmh.engine.timing;
