package org.rabbitmqjmh;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerResolver;
import org.rabbitmqjmh.broker.BrokerSettings;
import org.rabbitmqjmh.broker.BrokerSource;
import org.rabbitmqjmh.broker.Containers;

/**
 * One broker for all engine and program tests of a test JVM, obtained the way a run obtains it (so
 * RABBITMQ_URI is honoured; otherwise what RABBITMQ_BROKER says, which the pom sets: a private node for
 * the broad suite, the RabbitMQ 4.0.5 container for the container execution), stopped by its shutdown
 * hook when the JVM ends.
 */
public final class TestBroker {

    private static Broker broker;

    private TestBroker() {}

    public static synchronized URI uri() {
        return broker().uri();
    }

    /** The value of -Drabbitmq.metrics.uri that hands a fork this broker's counters (or turns them off). */
    public static synchronized String metrics() {
        return broker().prometheusEndpoint().map(URI::toString).orElse(BrokerSettings.METRICS_OFF);
    }

    /**
     * The broker; where the tests are told to use containers (RABBITMQ_BROKER=container, the pom's
     * container execution) and none can run here, the test is skipped with the reason.
     */
    public static synchronized Broker broker() {
        if (broker == null) {
            BrokerSettings settings = BrokerSettings.fromEnvironment();
            if (settings.forcedSource().equals(Optional.of(BrokerSource.CONTAINER))) {
                Containers.unavailable(settings.image()).ifPresent(why -> Assumptions.abort(why));
            }
            broker = BrokerResolver.provision();
        }
        return broker;
    }
}
