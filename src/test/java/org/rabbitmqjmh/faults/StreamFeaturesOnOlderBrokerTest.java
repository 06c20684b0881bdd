package org.rabbitmqjmh.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.BrokerVersion;
import org.rabbitmqjmh.broker.Listener;
import org.rabbitmqjmh.protocols.StreamFeatures;

/**
 * StreamBenchmark on a broker before super streams (the broad suite's private 3.10 node): sub-entry
 * batches with compression run and score there (stream-client 1.11 on RabbitMQ 3.10); a super stream
 * trial fails in one line naming the version it needs, without a stack trace; bad params end the run
 * in one line before the first fork.
 */
class StreamFeaturesOnOlderBrokerTest {

    @TempDir
    Path results;

    @TempDir
    Path tmp;

    private static Broker olderBroker() {
        Broker broker = TestBroker.broker();
        Assumptions.assumeFalse(
                BrokerVersion.atLeast(broker.version(), 3, 11),
                "needs a broker older than RabbitMQ 3.11; this one is " + broker.version());
        return broker;
    }

    private static LauncherRun launch(Broker broker, List<String> args, Path results, Path tmp) throws Exception {
        return LauncherRun.start(
                List.of(
                        "-Drabbitmq.uri=" + broker.uri(),
                        "-Drabbitmq.listeners=" + broker.listeners().property()),
                args,
                results,
                tmp);
    }

    @Test
    void subEntryBatchesScoreAndASuperStreamFailsInOneLine() throws Exception {
        Broker broker = olderBroker();
        broker.enable(List.of(Listener.STREAM)); // a broker at a URI is never reconfigured
        List<String> args = List.of(
                "StreamBenchmark",
                "-p",
                "partitions=0,3",
                "-p",
                "subEntry=50",
                "-p",
                "compression=gzip",
                "-f",
                "1",
                "-wi",
                "0",
                "-i",
                "1",
                "-r",
                "1s");
        try (LauncherRun run = launch(broker, args, results, tmp)) {
            int exit = run.exit(180);
            String err = run.stderr();
            assertThat(exit).as(err).isEqualTo(1);
            assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(run.reportLines())
                    .anySatisfy(l -> assertThat(l)
                            .startsWith("failed: StreamBenchmark.send")
                            .contains("partitions=3")
                            .contains(
                                    "a super stream (partitions=3) needs RabbitMQ 3.11 or later; the broker is RabbitMQ "
                                            + broker.version()));
            assertThat(Files.readString(run.resultJson().orElseThrow()))
                    .contains("\"partitions\" : \"0\"")
                    .doesNotContain("\"partitions\" : \"3\"");
        }
    }

    @Test
    void aParamThatCannotWorkEndsTheRunInOneLine() throws Exception {
        Broker broker = TestBroker.broker();
        List<String> args = List.of("StreamBenchmark", "-p", "compression=zstd", "-f", "1", "-wi", "0", "-i", "1");
        try (LauncherRun run = launch(broker, args, results, tmp)) {
            int exit = run.exit(120);
            String err = run.stderr();
            assertThat(exit).as(err).isNotZero();
            assertThat(err).doesNotContain("\tat ").contains("compression=zstd compresses sub-entry batches");
        }
    }

    @Test
    void theFeaturesRefuseTheBrokersThatLackThem() {
        StreamFeatures filtered = StreamFeatures.parse(0, 1, "off", "10", 1, 1, "none");
        assertThatThrownBy(() -> filtered.requireBroker("3.12.14"))
                .isInstanceOf(BrokerException.class)
                .hasMessage(
                        "stream filtering (filter=10) needs RabbitMQ 3.13 or later; the broker is RabbitMQ 3.12.14");
        filtered.requireBroker("3.13.0");
        StreamFeatures group = StreamFeatures.parse(3, 2, "on", "off", 1, 1, "none");
        assertThatThrownBy(() -> group.requireBroker("3.10.8")).hasMessageContaining("needs RabbitMQ 3.11");
        group.requireBroker("3.11.0");
        assertThatThrownBy(() -> StreamFeatures.parse(0, 1, "off", "10", 1, 100, "none"))
                .hasMessageContaining("cannot filter sub-entry batches; allowed: filter=off, or subEntry=1");
        assertThatThrownBy(() -> StreamFeatures.parse(0, 1, "off", "3", 1, 1, "none"))
                .hasMessageContaining("allowed: 0, 1, 2, 4, 5, 10, 20, 25, 50, 100");
        assertThatThrownBy(() -> StreamFeatures.parse(0, 1, "off", "off", 1, 1, "brotli"))
                .hasMessage("compression 'brotli' is not known; allowed: none, gzip, snappy, lz4, zstd");
    }

    @Test
    void theWantedCountOfAPublishersMessagesMatchesTheFilterMessageByMessage() {
        StreamFeatures f = StreamFeatures.parse(0, 1, "off", "25", 7, 1, "none");
        long counted = 0;
        for (long sent = 0; sent <= 500; sent++) {
            assertThat(f.wantedIn(sent)).as("of %d", sent).isEqualTo(counted);
            if (sent < 500 && f.wanted(sent)) {
                counted++;
            }
        }
    }
}
