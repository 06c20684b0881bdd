package org.rabbitmqjmh.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher signalled mid-trial, on its own private node (the default broker) with TMPDIR at a
 * folder of the test's, so that everything the run leaves there can be seen. SIGINT and SIGTERM stop the
 * run at once, say so, keep the trials that finished and leave nothing; after SIGKILL the watchdog stops
 * the node, and the next run removes what is left and says so.
 */
@Tag("faults")
class SignalsTest {

    /** Two trials (JMH runs them in @Param order: unary, then async-window): the signal comes in the second. */
    static final List<String> TWO_TRIALS = List.of(
            "\\.PublishBenchmark\\.",
            "-p",
            "confirm=unary,async-window",
            "-p",
            "batch=100",
            "-p",
            "messageSize=16",
            "-p",
            "delivery=transient",
            "-p",
            "queueType=classic",
            "-p",
            "socketIo=classic",
            "-p",
            "recording=off",
            "-f",
            "1",
            "-wi",
            "0",
            "-i",
            "3",
            "-r",
            "1s");

    @TempDir
    Path results;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalStopsTheRunKeepsWhatFinishedAndLeavesNothing(String signal, int status) throws Exception {
        assumeThat(ignoredAtStart(signal))
                .as("SIG" + signal + " is ignored by this test's parents (a background job)")
                .isFalse();
        try (LauncherRun run = LauncherRun.start(List.of(), TWO_TRIALS, results, tmp)) {
            // The second trial's first iteration: the first trial has finished.
            run.awaitStdoutInOrder(
                    180,
                    l -> l.startsWith("# Parameters: ") && l.contains("confirm = async-window"),
                    l -> l.matches("Iteration +1: .*\\d.*"));
            run.signal(signal);
            int exit = run.exit(60);
            String err = run.stderr();
            assertThat(exit).as(err).isEqualTo(status);
            assertThat(run.reportLines())
                    .as(err)
                    .anySatisfy(l -> assertThat(l).startsWith("stopping: SIG" + signal + " received"))
                    .anySatisfy(l -> assertThat(l)
                            .isEqualTo("stopped by SIG" + signal
                                    + ": 1 of 2 trials finished (in the results), 1 cut short, 0 not started"));
            assertThat(err).doesNotContain("\tat ").doesNotContain("failed:");
            JsonArray json = JsonParser.parseString(
                            Files.readString(run.resultJson().orElseThrow()))
                    .getAsJsonArray();
            assertThat(json).hasSize(1);
            JsonObject trial = json.get(0).getAsJsonObject();
            assertThat(trial.getAsJsonObject("params").get("confirm").getAsString())
                    .isEqualTo("unary");
            assertThat(trial.getAsJsonObject("primaryMetric")
                            .getAsJsonArray("rawData")
                            .get(0)
                            .getAsJsonArray())
                    .hasSize(3);
            assertNothingLeft();
        }
    }

    @Test
    void afterSigkillTheWatchdogStopsTheNodeAndTheNextRunRemovesTheRest() throws Exception {
        try (LauncherRun run = LauncherRun.start(List.of(), TWO_TRIALS, results, tmp)) {
            run.afterIteration(1, 180);
            run.signal("KILL");
            run.exit(10);
        }
        // The fork sees its host gone and ends; the watchdog stops the node and deletes its directory.
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(LauncherRun.survivorsMentioning(tmp.toString()))
                        .as("processes of the killed run")
                        .isEmpty());
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("what the killed run left")
                    .anyMatch(n -> n.startsWith("rabbitmq-jmh-uri-"));
        }
        try (LauncherRun next = LauncherRun.start(
                List.of(),
                List.of("InMemoryPublishBenchmark", "-f", "1", "-wi", "0", "-i", "1", "-r", "200ms"),
                results,
                tmp)) {
            int exit = next.exit(120);
            assertThat(exit).as(next.stderr()).isZero();
            assertThat(next.reportLines())
                    .as(next.stderr())
                    .anySatisfy(l -> assertThat(l).startsWith("leftovers: removed"));
        }
        assertNothingLeft();
    }

    private void assertNothingLeft() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(LauncherRun.survivorsMentioning(tmp.toString()))
                    .as("processes left")
                    .isEmpty();
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left)
                        .as("files left in TMPDIR (node directory, URI file)")
                        .isEmpty();
            }
        });
    }

    /** Whether this JVM was started with the signal ignored, which its children then inherit. */
    private static boolean ignoredAtStart(String signal) throws Exception {
        int number = signal.equals("INT") ? 2 : 15;
        String mask = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("SigIgn:"))
                .findFirst()
                .orElse("SigIgn:\t0")
                .split("\\s+")[1];
        return new BigInteger(mask, 16).testBit(number - 1);
    }
}
