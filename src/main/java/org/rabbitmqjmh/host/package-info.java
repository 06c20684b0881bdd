/**
 * The ground floor: what the host gives every other package, depending on none of them. The scheduler's
 * counters of a process's threads ({@code Schedstat}, read from /proc), the CPU and allocation of threads
 * that ended before they could be read ({@code EndedThreads}), and the layout of a run folder on disk
 * ({@code RunFolder}), and setting which CPUs a process may use ({@code Affinity}). Nothing about brokers, benchmarks or results lives here.
 */
package org.rabbitmqjmh.host;
