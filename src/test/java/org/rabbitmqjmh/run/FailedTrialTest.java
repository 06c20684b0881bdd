package org.rabbitmqjmh.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rabbitmqjmh.BenchmarkMain;
import org.rabbitmqjmh.Intruder;
import org.rabbitmqjmh.JavaProcess;
import org.rabbitmqjmh.TestBroker;

/**
 * A trial that fails in any iteration has no score: the launcher names it with its cause in one line,
 * leaves it out of the results and JMH's closing table, and exits 1, with fail-on-error or without.
 * The failure here is real: another client publishes to the broker during the trial, so the broker's
 * counters contradict the benchmark's and the cross-check fails the iteration.
 */
class FailedTrialTest {

    @TempDir
    Path results;

    @Test
    void theCauseOfAFailureIsTheFirstLineOfItsTraceWithoutTheExceptionClass() {
        assertThat(TrialFailures.cause(
                        "java.lang.IllegalStateException: broker cross-check: the broker dropped 3\n\tat x"))
                .isEqualTo("broker cross-check: the broker dropped 3");
        assertThat(TrialFailures.cause("java.util.concurrent.TimeoutException\n\tat y"))
                .isEqualTo("java.util.concurrent.TimeoutException");
    }

    @ParameterizedTest(name = "fail on error {0}")
    @ValueSource(strings = {"true", "false"})
    void aTrialTheBrokerContradictsHasNoScoreAndTheRunExitsOne(String failOnError) throws Exception {
        assumeThat(TestBroker.broker().prometheusEndpoint())
                .as("a broker whose counters can contradict")
                .isPresent();
        JavaProcess.Result r;
        try (Intruder intruder = Intruder.start()) {
            r = JavaProcess.run(
                    List.of(
                            "-Drabbitmq.uri=" + TestBroker.uri(),
                            "-Drabbitmq.metrics.uri=" + TestBroker.metrics(),
                            "-Drabbitmqjmh.results=" + results,
                            "-Drabbitmqjmh.csv=false"),
                    BenchmarkMain.class.getName(),
                    List.of(
                            "\\.PublishBenchmark\\.",
                            "-p",
                            "confirm=unary",
                            "-p",
                            "batch=0",
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
                            "2",
                            "-r",
                            "1s",
                            "-foe",
                            failOnError),
                    Map.of(),
                    180);
        }
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr())
                .contains(
                        "failed: PublishBenchmark.publish batch=0 clientNodes=first confirm=unary delivery=transient "
                                + "messageSize=16 queueType=classic recording=off socketIo=classic: broker cross-check: the broker counted")
                .contains("error: 1 trial failed and has no score")
                .doesNotContain("\tat ");
        assertThat(r.stdout()).doesNotContainPattern("PublishBenchmark\\.publish +0 +unary .* thrpt");
        try (Stream<Path> files = Files.walk(results)) {
            assertThat(files.filter(f -> f.getFileName().toString().equals("jmh-result.json")))
                    .isEmpty();
        }
        // Nothing of the failed trial stays on the broker: its queue is gone (the broker's per-object
        // metrics list every queue; they are refreshed every few seconds).
        var perObject = URI.create(TestBroker.metrics().replace("/metrics", "/metrics/per-object"));
        var http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> !http.send(HttpRequest.newBuilder(perObject).build(), HttpResponse.BodyHandlers.ofString())
                        .body()
                        .contains("queue=\"rmqjmh-publish-"));
    }
}
