package org.rabbitmqjmh.benchmarks.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.benchmarks.BrokerState;
import org.rabbitmqjmh.broker.BrokerCounters;
import org.rabbitmqjmh.broker.BrokerSettings;
import org.rabbitmqjmh.engine.Topology;

/**
 * The drain's clock must start before the broker delivers its first message. With the subscription
 * opened at trial setup (the design before this test), the broker pushed a whole prefetch window, 1,300
 * of the 2,000 messages, while the queue was being filled, untimed; here not one may leave the queue
 * before the measured call.
 */
class DrainBenchmarkTest {

    private final BrokerState broker = new BrokerState();
    private DrainBenchmark drain;

    @BeforeEach
    void obtain() {
        System.setProperty(BrokerSettings.URI, TestBroker.uri().toString());
        broker.obtain();
    }

    @AfterEach
    void release() {
        if (drain != null && drain.consumer != null) {
            drain.tearDown();
        }
        System.clearProperty(BrokerSettings.URI);
        broker.release();
    }

    private DrainBenchmark drain(String style, String ack, int prefetch) {
        DrainBenchmark b = new DrainBenchmark();
        b.messages = 2000;
        b.prefetch = prefetch;
        b.style = style;
        b.ack = ack;
        b.socketIo = "classic";
        b.workers = 4;
        return b;
    }

    @Test
    void noMessageIsDeliveredBeforeTheMeasuredCallStarts() throws Exception {
        drain = drain("callback", "each", 1300);
        drain.setUp(broker);
        var counters = TestBroker.broker().prometheusEndpoint().map(BrokerCounters::at);
        long deliveredBefore = counters.map(c -> c.read().delivered()).orElse(0L);

        drain.fill();
        String queue = drain.consumer.queue;
        // Half a second after the fill, every message is still in the queue: no subscription is open.
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> Topology.messageCount(drain.consumer.admin, queue) == 2000);
        counters.ifPresent(c -> assertThat(c.read().delivered() - deliveredBefore)
                .as("broker's delivered count")
                .isZero());

        DrainBenchmark.Counts counts = new DrainBenchmark.Counts();
        counts.reset();
        drain.drain(counts);
        drain.unsubscribe();
        assertThat(counts.consumed).isEqualTo(2000);
        assertThat(Topology.messageCount(drain.consumer.admin, queue)).isZero();

        // The next invocation is as honest as the first: the cancelled consumer takes nothing from the refill.
        drain.fill();
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> Topology.messageCount(drain.consumer.admin, queue) == 2000);
        counters.ifPresent(
                c -> assertThat(c.read().delivered() - deliveredBefore).isEqualTo(2000));
    }

    @Test
    void aPrefetchTheBrokerWouldIgnoreIsRefusedWithOneLine() {
        drain = null;
        DrainBenchmark auto = drain("callback", "auto", 100);
        assertThatThrownBy(() -> auto.setUp(broker)).hasMessageStartingWith("prefetch 100 does nothing with ack auto");
        DrainBenchmark polling = drain("polling", "each", 100);
        assertThatThrownBy(() -> polling.setUp(broker))
                .hasMessageStartingWith("prefetch 100 does nothing with style polling");
    }
}
