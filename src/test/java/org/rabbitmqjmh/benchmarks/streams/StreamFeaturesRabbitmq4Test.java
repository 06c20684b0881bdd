package org.rabbitmqjmh.benchmarks.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.benchmarks.JmhTrials;
import org.rabbitmqjmh.broker.Listener;
import org.rabbitmqjmh.engine.MessageCodec;
import org.rabbitmqjmh.protocols.Acks;
import org.rabbitmqjmh.protocols.Endpoint;
import org.rabbitmqjmh.protocols.MessageSender;
import org.rabbitmqjmh.protocols.StreamClients;
import org.rabbitmqjmh.protocols.StreamFeatures;

/** The stream protocol's features on the 4.0.5 container: super streams, single active consumer, filtering, sub-entries. */
class StreamFeaturesRabbitmq4Test {

    private static final int MESSAGES = 3_000;

    @TempDir
    Path run;

    @BeforeAll
    static void streamListener() {
        TestBroker.broker().enable(List.of(Listener.STREAM));
    }

    /** What the consumers got: ids per consumer, deliveries (before a filter's check) per consumer. */
    private record Got(Map<Integer, Set<Long>> ids, AtomicLongArray delivered, LongAdder accepted) {}

    private static Got sendAndReceive(StreamFeatures features) throws Exception {
        Got got = new Got(new ConcurrentHashMap<>(), new AtomicLongArray(features.consumers()), new LongAdder());
        try (StreamClients clients = StreamClients.open(Endpoint.of(TestBroker.broker()), features)) {
            clients.consumers(i -> got.delivered().incrementAndGet(i), (i, body) -> {
                got.ids().computeIfAbsent(i, k -> ConcurrentHashMap.newKeySet()).add(MessageCodec.id(body));
                got.accepted().increment();
            });
            MessageSender sender = clients.sender();
            LongAdder acked = new LongAdder();
            for (int id = 0; id < MESSAGES; id++) {
                byte[] body = new byte[64];
                MessageCodec.write(body, id, System.nanoTime());
                sender.send(body, new Acks() {
                    @Override
                    public void acked() {
                        acked.increment();
                    }

                    @Override
                    public void failed(String why) {}
                });
            }
            long expected = features.filter().any() ? features.wantedIn(MESSAGES) : MESSAGES;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((acked.sum() < MESSAGES || got.accepted().sum() < expected * features.deliveriesPerMessage())
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(acked.sum()).as("confirmed").isEqualTo(MESSAGES);
            Thread.sleep(300); // a duplicate would come after the count was reached
            sender.close();
        }
        return got;
    }

    private static StreamFeatures features(
            int partitions, int consumers, String singleActive, String filter, int run, int subEntry, String codec) {
        return StreamFeatures.parse(partitions, consumers, singleActive, filter, run, subEntry, codec);
    }

    @Test
    void aSuperStreamSpreadsMessagesOverItsPartitionsAndASingleActiveGroupReadsEachOnce() throws Exception {
        Got got = sendAndReceive(features(3, 2, "on", "off", 1, 1, "none"));
        assertThat(got.accepted().sum()).as("each message once over the group").isEqualTo(MESSAGES);
        Set<Long> all = ConcurrentHashMap.newKeySet();
        got.ids().values().forEach(all::addAll);
        assertThat(all).hasSize(MESSAGES);
        // Three partitions over two consumers: each consumer is active for at least one partition.
        assertThat(got.ids()).hasSize(2);
    }

    @Test
    void withoutSingleActiveEveryConsumerReadsEveryPartition() throws Exception {
        Got got = sendAndReceive(features(3, 2, "off", "off", 1, 1, "none"));
        assertThat(got.ids().get(0)).hasSize(MESSAGES);
        assertThat(got.ids().get(1)).hasSize(MESSAGES);
        assertThat(got.accepted().sum()).isEqualTo(2L * MESSAGES);
    }

    @Test
    void aSingleActiveGroupOnOneStreamHasOneActiveConsumer() throws Exception {
        Got got = sendAndReceive(features(0, 3, "on", "off", 1, 1, "none"));
        assertThat(got.ids()).hasSize(1);
        assertThat(got.accepted().sum()).isEqualTo(MESSAGES);
    }

    @Test
    void aFilteredConsumerAcceptsExactlyTheWantedMessagesAndRunsLetTheBrokerSkipChunks() throws Exception {
        Got interleaved = sendAndReceive(features(0, 1, "off", "10", 1, 1, "none"));
        assertThat(interleaved.accepted().sum()).isEqualTo(MESSAGES / 10);
        assertThat(interleaved.ids().get(0)).allMatch(id -> id % 10 == 9);
        Got inRuns = sendAndReceive(features(0, 1, "off", "10", 100, 1, "none"));
        assertThat(inRuns.accepted().sum()).isEqualTo(MESSAGES / 10);
        assertThat(inRuns.ids().get(0)).allMatch(id -> (id / 100) % 10 == 9);
        // Interleaved, nearly every chunk holds a wanted message; in runs of 100 most chunks hold none.
        assertThat(inRuns.delivered().get(0)).isLessThan(interleaved.delivered().get(0));
    }

    @Test
    void subEntryBatchesArriveIntactWithEveryCodec() throws Exception {
        for (String codec : new String[] {"none", "gzip", "snappy", "lz4", "zstd"}) {
            Got got = sendAndReceive(features(0, 1, "off", "off", 1, 100, codec));
            assertThat(got.ids().get(0)).as(codec).hasSize(MESSAGES);
            assertThat(got.accepted().sum()).as(codec).isEqualTo(MESSAGES);
        }
    }

    @Test
    void theBenchmarkScoresWithEachFeatureWitnessedByTheBrokersCounters() throws Exception {
        for (Map<String, String> params : new Map[] {
            Map.of("partitions", "3", "consumers", "2", "singleActive", "on"),
            Map.of("filter", "10", "filterRun", "1000"),
            Map.of("subEntry", "100", "compression", "zstd")
        }) {
            Collection<RunResult> results = JmhTrials.run(run, "streams.StreamBenchmark", params, 2);
            assertThat(results).as(params.toString()).hasSize(1);
            RunResult r = results.iterator().next();
            assertThat(r.getPrimaryResult().getScore()).as(params.toString()).isGreaterThan(0);
            assertThat(r.getSecondaryResults()).containsKeys("broker.confirmed", "client.confirmed", "e2e.p99");
            System.out.println(params + " -> " + r.getSecondaryResults().keySet());
        }
    }
}
