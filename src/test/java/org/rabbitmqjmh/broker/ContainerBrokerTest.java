package org.rabbitmqjmh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The container path for real; skipped, and reported as skipped, where no Docker engine answers. */
class ContainerBrokerTest {

    @Test
    void aContainerBrokerStartsAnswersAndStops() {
        assumeTrue(
                DockerProbe.system().dockerReachable(), "no Docker engine here: the container path is not exercised");
        try (Broker b = ContainerBroker.start(BrokerSettings.fromEnvironment())) {
            assertThat(b.source()).isEqualTo(BrokerSource.CONTAINER);
            assertThat(BrokerProbe.version(b.uri())).isEqualTo(b.version());
        }
    }

    @Test
    void aContainerMovesToOtherCpusWithEveryThreadOfItsNode() throws Exception {
        assumeTrue(
                DockerProbe.system().dockerReachable(), "no Docker engine here: the container path is not exercised");
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "one CPU: nowhere to move the container to");
        try (ContainerBroker b =
                ContainerBroker.start(BrokerSettings.fromEnvironment().withCpus(Optional.of("0")))) {
            long beam = b.beamPid().orElseThrow();
            assertThat(ThreadCpus.of(beam)).containsExactly("0");
            // A duet (--duet) moves each side's broker to the other CPU every round: its cpuset, every thread.
            b.moveTo("1");
            assertThat(ThreadCpus.of(beam)).containsExactly("1");
            assertThat(BrokerProbe.version(b.uri())).isEqualTo(b.version());
            b.moveTo("0");
            assertThat(ThreadCpus.of(beam)).containsExactly("0");
        }
    }
}
