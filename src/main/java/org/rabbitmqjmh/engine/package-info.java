/**
 * The publish and consume paths the benchmarks and programs share: publishers and confirm tracking,
 * consumers in each style, timing rows and latency, message bodies, queue topology, and the deliberate
 * slowdowns of the gate proofs. Not here: the broker (broker), the run (run), the OS's counters (host).
 */
package org.rabbitmqjmh.engine;
