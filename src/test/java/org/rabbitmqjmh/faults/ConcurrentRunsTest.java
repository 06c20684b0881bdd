package org.rabbitmqjmh.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two launchers at once on one machine: the second refuses in one line, naming the first's pid, before
 * it starts a broker; the first runs on untouched (its node directory is not swept as a leftover).
 * The machine's lock lives in java.io.tmpdir, here a folder of the test's, so that a benchmark running
 * beside the test suite is neither disturbed nor in the way.
 */
@Tag("faults")
class ConcurrentRunsTest {

    @TempDir
    Path results;

    @TempDir
    Path tmp;

    @Test
    void aSecondLauncherRefusesAtOnceNamingTheFirstAndLeavesItAlone() throws Exception {
        List<String> jvm = List.of("-Djava.io.tmpdir=" + tmp, "-Drabbitmq.broker=local");
        List<String> longRun = List.of("PublishOneBenchmark", "-f", "1", "-wi", "0", "-i", "8", "-r", "1s");
        Map<String, String> lockOn = Map.of("RABBITMQJMH_LOCK", "");
        try (LauncherRun first = LauncherRun.start(jvm, longRun, results.resolve("first"), tmp, lockOn)) {
            first.afterIteration(1, 120);
            long t0 = System.nanoTime();
            try (LauncherRun second = LauncherRun.start(jvm, longRun, results.resolve("second"), tmp, lockOn)) {
                int exit = second.exit(60);
                double seconds = (System.nanoTime() - t0) / 1e9;
                String err = second.stderr();
                assertThat(exit).as(err).isEqualTo(1);
                assertThat(second.reportLines())
                        .as(err)
                        .anySatisfy(l -> assertThat(l)
                                .startsWith("error: another benchmark run (pid " + first.pid()
                                        + ") is measuring on this machine"));
                assertThat(err)
                        .doesNotContain("broker:")
                        .doesNotContain("leftovers:")
                        .doesNotContain("\tat ");
                assertThat(seconds).as("refused before any broker start").isLessThan(20);
            }
            int exit = first.exit(120);
            assertThat(exit).as(first.stderr()).isZero();
            assertThat(first.stderr()).doesNotContain("leftovers:");
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("rabbitmq-jmh-nodes"))
                            .toList())
                    .isEmpty();
        }
    }
}
