/**
 * The launcher's front door: {@code BenchmarkMain}, the {@code Main-Class} of {@code benchmarks.jar}, which
 * reads the command line, runs it ({@code run}) and turns the outcome into an exit status. Everything else
 * lives a floor down: host (the machine), broker (where the broker comes from), engine and protocols (the
 * clients under test), profilers (what a trial records), run (one run around JMH), results (reading runs
 * back), programs, pace and perftest (the programs beside the benchmarks).
 */
package org.rabbitmqjmh;
