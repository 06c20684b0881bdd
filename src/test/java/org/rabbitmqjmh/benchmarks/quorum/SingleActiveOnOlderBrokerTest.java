package org.rabbitmqjmh.benchmarks.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.benchmarks.JmhTrials;
import org.rabbitmqjmh.broker.BrokerVersion;

/** Before 4.0 (the broad suite's private 3.10 node) a quorum queue's single active consumer never hands over. */
class SingleActiveOnOlderBrokerTest {

    @TempDir
    Path run;

    @Test
    void theFirstConsumerKeepsTheQueueWhateverTheNewcomersPriority() throws Exception {
        Assumptions.assumeFalse(
                BrokerVersion.atLeast(TestBroker.broker().version(), 4, 0),
                "needs a broker before RabbitMQ 4.0; this one is "
                        + TestBroker.broker().version());
        Collection<RunResult> r = JmhTrials.run(
                run,
                "SingleActiveBenchmark",
                Map.of("queueType", "quorum", "newcomer", "higher", "messages", "1000"),
                2);
        assertThat(r).hasSize(1);
        RunResult result = r.iterator().next();
        assertThat(result.getSecondaryResults().get("handover.newcomer-share").getScore())
                .isZero();
        assertThat(result.getSecondaryResults().get("handover.first-after").getScore())
                .isEqualTo(900.0);
        assertThat(result.getSecondaryResults()).containsKeys("broker.delivered", "client.received");
    }
}
