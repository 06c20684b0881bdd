package org.rabbitmqjmh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The container path for real; skipped, and reported as skipped, where no Docker engine answers. */
class ContainerBrokerTest {

  @Test
  void aContainerBrokerStartsAnswersAndStops() {
    assumeTrue(DockerProbe.system().dockerReachable(), "no Docker engine here: the container path is not exercised");
    try (Broker b = ContainerBroker.start(BrokerSettings.fromEnvironment())) {
      assertThat(b.source()).isEqualTo(BrokerSource.CONTAINER);
      assertThat(BrokerProbe.version(b.uri())).isEqualTo(b.version());
    }
  }
}
