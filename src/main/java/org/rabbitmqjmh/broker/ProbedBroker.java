package org.rabbitmqjmh.broker;

import java.time.Duration;

/**
 * A broker whose version the suite asked once it first answered, and how long getting it there took:
 * what the private node, the container and a broker at a URI (one node or several) report the same way,
 * kept in one place. A cluster the suite starts ({@link JoinedNodes}) gives node 1's version and its own
 * start time.
 */
abstract class ProbedBroker implements Broker {

    private String version;
    private Duration startTime;

    /** For a broker that is started first and answers later: see {@link #answered(String, Duration)}. */
    ProbedBroker() {}

    ProbedBroker(String version, Duration startTime) {
        answered(version, startTime);
    }

    /** Records what the broker said once it accepted a login, and the time it took to get there. */
    final void answered(String version, Duration startTime) {
        this.version = version;
        this.startTime = startTime;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Duration startTime() {
        return startTime;
    }
}
