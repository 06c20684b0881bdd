package org.rabbitmqjmh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the broker's global counters from rabbitmq_prometheus text (the lines of a real 3.10.8 node). */
class BrokerCountersTest {

    private static final URI FROM = URI.create("http://127.0.0.1:15692/metrics");

    @Test
    void countersAreSummedOverProtocolsAndQueueTypesAndADropIsDeadLetteringWithoutATarget() {
        String text = """
        # TYPE rabbitmq_global_messages_received_total counter
        rabbitmq_global_messages_received_total{protocol="amqp091"} 157
        rabbitmq_global_messages_received_total{protocol="mqtt"} 1000
        rabbitmq_global_messages_confirmed_total{protocol="amqp091"} 150
        rabbitmq_global_messages_routed_total{protocol="amqp091"} 157
        rabbitmq_global_messages_delivered_total{protocol="amqp091",queue_type="rabbit_classic_queue"} 2
        rabbitmq_global_messages_delivered_total{protocol="amqp091",queue_type="rabbit_quorum_queue"} 3
        rabbitmq_global_messages_acknowledged_total{protocol="amqp091",queue_type="rabbit_classic_queue"} 1
        rabbitmq_global_messages_dead_lettered_maxlen_total{queue_type="rabbit_classic_queue",dead_letter_strategy="disabled"} 57
        rabbitmq_global_messages_dead_lettered_maxlen_total{queue_type="rabbit_classic_queue",dead_letter_strategy="at_most_once"} 4
        rabbitmq_global_messages_dead_lettered_confirmed_total{queue_type="rabbit_quorum_queue",dead_letter_strategy="at_least_once"} 9
        rabbitmq_global_messages_unroutable_dropped_total{protocol="amqp091"} 0
        rabbitmq_global_publishers{protocol="amqp091"} 1
        # TYPE erlang_vm_statistics_reductions_total counter
        erlang_vm_statistics_reductions_total 123456789
        """;
        BrokerCounters.Counts c = BrokerCounters.parse(text, FROM);
        assertThat(c).isEqualTo(new BrokerCounters.Counts(1157, 150, 157, 5, 1, 57, 4, 0, 123456789));
        assertThat(c.minus(new BrokerCounters.Counts(1100, 100, 100, 5, 1, 50, 4, 0, 123000000)))
                .isEqualTo(new BrokerCounters.Counts(57, 50, 57, 0, 0, 7, 0, 0, 456789));
    }

    @Test
    void anEndpointWithoutTheGlobalCountersIsNamedWithTheVersionThatHasThem() {
        assertThatThrownBy(() -> BrokerCounters.parse("rabbitmq_connections 3\n", FROM))
                .hasMessage("no rabbitmq_global_messages_* counters at " + FROM
                        + " (RabbitMQ 3.9 or later with rabbitmq_prometheus serves them)");
    }

    @Test
    void aMetricsUrlThatIsNotAUrlIsRefusedWithWhatIsAllowedAndOffTurnsTheCheckOff() {
        var amqp = List.of(URI.create("amqp://u:p@127.0.0.1:5672/%2F"));
        assertThat(ExternalBroker.metricsOf(amqp, "off")).isEmpty();
        assertThatThrownBy(() -> ExternalBroker.metricsOf(amqp, "http://bad host/metrics"))
                .hasMessage("-Drabbitmq.metrics.uri=http://bad host/metrics is not a URL list; allowed: "
                        + "http://host:15692/metrics, several comma-separated (a cluster's nodes), or off");
    }

    @Test
    void aClustersEndpointsAreReadTogetherAndTheirCountsAdded() {
        assertThat(BrokerCounters.parseEndpoints("http://127.0.0.1:1/metrics, http://127.0.0.1:2/metrics"))
                .containsExactly(URI.create("http://127.0.0.1:1/metrics"), URI.create("http://127.0.0.1:2/metrics"));
        var a = BrokerCounters.parse("rabbitmq_global_messages_received_total{protocol=\"amqp091\"} 5\n", FROM);
        var b = BrokerCounters.parse("rabbitmq_global_messages_received_total{protocol=\"amqp091\"} 7\n", FROM);
        assertThat(a.plus(b).received()).isEqualTo(12);
    }

    @Test
    void aClustersUrisAreSplitWhereANewUriStartsNotAtACommaInAPassword() {
        assertThat(Uris.parseAll("amqp://u:p,w@h1:5672/%2F,amqp://u:p,w@h2:5673/%2F", "-Drabbitmq.uri"))
                .containsExactly(URI.create("amqp://u:p,w@h1:5672/%2F"), URI.create("amqp://u:p,w@h2:5673/%2F"));
    }
}
