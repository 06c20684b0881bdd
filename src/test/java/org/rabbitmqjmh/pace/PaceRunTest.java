package org.rabbitmqjmh.pace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerSource;
import org.rabbitmqjmh.engine.timing.Latency;

/** The pace-matching scenario against a real broker: queue growth, limits, losses, blocking, live metrics. */
class PaceRunTest {

    private static final Duration STALL = Duration.ofSeconds(30);

    @Test
    void depthGrowsAtTheRateDifferenceWhileTheConsumerIsSlowAndNeverPassesTheLimit() throws Exception {
        PaceSettings s = new PaceSettings(600, 100, 256, 10, 100, BackPressure.REJECT_PUBLISH, 1500);
        try (PaceRun run = PaceRun.start(TestBroker.uri(), s, new Latency(), true, STALL)) {
            long t0 = run.startNanos();
            long maxDepth = 0;
            long d1 = -1;
            long t1 = 0;
            long d2 = -1;
            long t2 = 0;
            while (System.nanoTime() - t0 < 5_000_000_000L) {
                long depth = run.depth();
                long t = System.nanoTime() - t0;
                maxDepth = Math.max(maxDepth, depth);
                if (d1 < 0 && t >= 500_000_000L) {
                    d1 = depth;
                    t1 = t;
                }
                if (d2 < 0 && t >= 2_500_000_000L) {
                    d2 = depth;
                    t2 = t;
                }
                Thread.sleep(50);
            }
            double slope = (d2 - d1) / ((t2 - t1) / 1e9);
            // 600 in, at most 100 out: about 500 a second (the consumer's ceiling and the clocks allow some slack)
            assertThat(slope).as("depth growth, msg/s").isBetween(400.0, 600.0);
            assertThat(maxDepth)
                    .as("deepest the queue got")
                    .isLessThanOrEqualTo(1500)
                    .isGreaterThan(1400);
            assertThat(run.failure()).isNull();
        }
    }

    @Test
    void rejectPublishNacksAreCountedTheProducerSlowsDownAndNoConfirmedMessageIsLost() throws Exception {
        PaceSettings s = new PaceSettings(1000, 200, 64, 10, 100, BackPressure.REJECT_PUBLISH, 200);
        try (PaceRun run = PaceRun.start(TestBroker.uri(), s, new Latency(), true, STALL)) {
            double lowestRate = Double.MAX_VALUE;
            for (int i = 0; i < 30; i++) {
                Thread.sleep(100);
                lowestRate = Math.min(lowestRate, run.counts().producerRate());
            }
            run.stopProducer();
            // Everything confirmed is in the queue: the consumer gets exactly those, in order.
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> run.counts().consumed() >= run.counts().confirmed());
            Thread.sleep(300); // a message beyond the confirmed ones would show up now
            PaceCounts c = run.counts();
            assertThat(c.nacked()).isPositive();
            assertThat(c.confirmed() + c.nacked())
                    .as("every message confirmed or nacked")
                    .isEqualTo(c.published());
            assertThat(c.consumed())
                    .as("consumed = confirmed: nothing confirmed was lost")
                    .isEqualTo(c.confirmed());
            assertThat(c.outOfOrder()).isZero();
            assertThat(run.depth()).isZero();
            // Each nacked message is a hole in the sequence by design: counted, not a failure.
            assertThat(run.sequence().missing()).isBetween(1L, c.nacked());
            assertThat(run.failure()).isNull();
            assertThat(lowestRate).as("the producer's rate after nacks").isLessThan(1000);
        }
    }

    @Test
    void dropHeadLossesAreCountedByTheBroker() throws Exception {
        PaceSettings s = new PaceSettings(1000, 100, 64, 10, 100, BackPressure.DROP_HEAD, 100);
        try (PaceRun run = PaceRun.start(TestBroker.uri(), s, new Latency(), true, STALL)) {
            Thread.sleep(2000);
            run.stopConsumer();
            run.stopProducer();
            Thread.sleep(300); // the consumer finishes the message in hand
            PaceCounts c = run.counts();
            long dropped = run.dropped();
            long inFlight = c.confirmed() - c.consumed() - dropped - run.depth();
            assertThat(c.nacked()).isZero();
            assertThat(dropped).isPositive();
            // What is neither consumed, dropped nor queued is held, unacknowledged, by the stopped consumer.
            assertThat(inFlight).isBetween(0L, 10L);
            assertThat(run.depth()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void theMemoryAlarmBlocksTheProducerAndItResumesWhenTheAlarmClears() throws Exception {
        Broker broker = TestBroker.broker();
        assumeThat(broker.source())
                .as("changing the watermark needs a broker the suite started")
                .isNotEqualTo(BrokerSource.URI);
        PaceSettings s = new PaceSettings(500, 500, 1024, 10, 100, BackPressure.MEMORY_ALARM, 0);
        try (PaceRun run = PaceRun.start(TestBroker.uri(), s, new Latency(), true, STALL)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> run.counts().published() > 100);
            broker.setMemoryWatermark(broker.memoryUsedBytes() / 2); // over the watermark at once
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> run.counts().blocked());
                long published = run.counts().published();
                Thread.sleep(1000);
                assertThat(run.counts().published())
                        .as("published while blocked")
                        .isEqualTo(published);
            } finally {
                broker.setMemoryWatermark(16L << 30);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> !run.counts().blocked());
            long resumedAt = run.counts().published();
            await().atMost(Duration.ofSeconds(5)).until(() -> run.counts().published() > resumedAt + 100);
            PaceCounts c = run.counts();
            assertThat(c.blockedEvents()).isGreaterThanOrEqualTo(1);
            assertThat(c.unblockedEvents()).isEqualTo(c.blockedEvents());
            assertThat(c.blockedNanos()).as("time blocked").isGreaterThan(900_000_000L);
            assertThat(run.failure()).isNull();
        }
    }

    @Test
    void theTimeSeriesAndThePrometheusEndpointCarryTheFigures() throws Exception {
        PaceSettings s = new PaceSettings(300, 100, 64, 10, 100, BackPressure.REJECT_PUBLISH, 50);
        StringWriter csv = new StringWriter();
        try (PaceMetrics metrics = PaceMetrics.serve(0);
                PaceRun run = PaceRun.start(TestBroker.uri(), s, new Latency(), true, STALL);
                PaceMonitor monitor = new PaceMonitor(run, csv, List.of(metrics::update))) {
            monitor.awaitSample(3);
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String body = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + "/metrics"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(body)
                    .contains(
                            "pace_producer_rate ",
                            "pace_producer_target_rate ",
                            "pace_consumer_rate ",
                            "pace_queue_depth ",
                            "pace_oldest_message_age_seconds ",
                            "pace_latency_seconds{quantile=\"0.5\"}",
                            "pace_latency_seconds{quantile=\"0.99\"}",
                            "pace_nacked_total ",
                            "pace_dropped_total ",
                            "pace_producer_blocked ",
                            "pace_blocked_seconds_total ",
                            "pace_phase{phase=\"normal\"} 1");
            assertThat(body).containsPattern("pace_queue_depth [1-9]");
            assertThat(body).containsPattern("pace_nacked_total [1-9]");
            List<String> lines = csv.toString().lines().toList();
            assertThat(lines.get(0)).isEqualTo(PaceSample.CSV_HEADER);
            assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
            assertThat(lines.get(1)).startsWith("1,normal,");
            PaceSample third = monitor.samples().get(2);
            assertThat(third.consumerRate()).isBetween(80.0, 110.0);
            assertThat(third.depth()).isBetween(40L, 50L);
        }
        // The broker's own metrics, where the suite started the broker with its plugin.
        var endpoint = TestBroker.broker().prometheusEndpoint();
        if (endpoint.isPresent()) {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String body = http.send(
                            HttpRequest.newBuilder(endpoint.get())
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(body).contains("rabbitmq_connections ");
        }
    }
}
