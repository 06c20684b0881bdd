package org.rabbitmqjmh.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rabbitmqjmh.BenchmarkMain;
import org.rabbitmqjmh.JavaProcess;

/**
 * A bad parameter value ends the run before any broker or fork starts, in one line naming the benchmark,
 * the combination and what is allowed, exit 2; JMH used to start a fork per combination, each failing
 * with a stack trace.
 */
class ParamValidationTest {

    @TempDir
    Path results;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\\.PublishBenchmark\\. -p messageSize=-1 -p confirm=unary -p batch=0 "
                        + "| PublishBenchmark.publish | message size -1 is too small; allowed: at least 16 bytes",
                "\\.PublishBenchmark\\. -p confirm=bogus | PublishBenchmark.publish | unknown confirm mode 'bogus'; allowed:",
                "\\.PublishBenchmark\\. -p messageSize=abc | PublishBenchmark.publish: -p messageSize=abc | is not a whole number",
                "DrainBenchmark -p prefetch=-5 -p ack=each | DrainBenchmark.drain | prefetch -5 is out of range; allowed: 0",
                "DrainBenchmark -p ack=auto -p prefetch=100 -p style=callback | DrainBenchmark.drain | prefetch 100 does nothing with ack auto",
                "InMemoryPublishBenchmark -p messageSize=8 | InMemoryPublishBenchmark.publish messageSize=8 | message size 8 is too small"
            })
    void aBadValueEndsTheRunBeforeAnyForkInOneLine(String args, String names, String reason) throws Exception {
        List<String> argv = new ArrayList<>(Arrays.asList(args.trim().split("\\s+")));
        argv.addAll(List.of("-f", "1"));
        JavaProcess.Result r = JavaProcess.run(
                List.of("-Drabbitmqjmh.results=" + results), BenchmarkMain.class.getName(), argv, Map.of(), 60);
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).as(r.stderr()).hasSize(1);
        assertThat(r.stderr()).startsWith("error: " + names.strip()).contains(reason.strip());
        assertThat(r.stdout()).doesNotContain("# Fork");
        try (var left = Files.list(results)) {
            assertThat(left).as("no run folder").isEmpty();
        }
    }
}
