package org.rabbitmqjmh.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.broker.BrokerSettings;
import org.rabbitmqjmh.broker.Listeners;
import org.rabbitmqjmh.host.RunFolder;
import org.rabbitmqjmh.profilers.BrokerCrossCheck;
import org.rabbitmqjmh.profilers.LatencyProfiler;

/**
 * Short real trials in a fork against the test broker, told what a launcher tells a fork (the broker's
 * URI in a file only the owner reads, the run folder, the broker's counters, its listeners), with the
 * latency profiler and the broker cross-check on: one second per iteration, no warm-up.
 */
public final class JmhTrials {

    private JmhTrials() {}

    public static Collection<RunResult> run(
            Path runFolder, String include, Map<String, String> params, int iterations, String... jvmArgs)
            throws Exception {
        return run(runFolder, include, params, iterations, 1, jvmArgs);
    }

    /** As {@link #run(Path, String, Map, int, String...)} with {@code threads} benchmark threads. */
    public static Collection<RunResult> run(
            Path runFolder, String include, Map<String, String> params, int iterations, int threads, String... jvmArgs)
            throws Exception {
        Path uriFile = Files.createTempFile(
                runFolder,
                "uri",
                ".txt",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(uriFile, TestBroker.uri().toString());
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(include)
                .forks(1)
                .threads(threads)
                .warmupIterations(0)
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .shouldFailOnError(true)
                .addProfiler(LatencyProfiler.class)
                .addProfiler(BrokerCrossCheck.class)
                // One call: JMH's jvmArgsAppend replaces what an earlier call set.
                .jvmArgsAppend(Stream.concat(
                                Stream.of(
                                        "-D" + BrokerSettings.URI_FILE + "=" + uriFile,
                                        "-D" + RunFolder.PROPERTY + "=" + runFolder,
                                        "-D" + BrokerSettings.METRICS_URI + "=" + TestBroker.metrics(),
                                        "-D" + Listeners.PROPERTY + "="
                                                + TestBroker.broker()
                                                        .listeners()
                                                        .property()),
                                Arrays.stream(jvmArgs))
                        .toArray(String[]::new));
        params.forEach((name, values) -> o.param(name, values.split(",")));
        return new Runner(o.build()).run();
    }
}
