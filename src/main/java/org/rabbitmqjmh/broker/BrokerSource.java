package org.rabbitmqjmh.broker;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a broker comes from, in the order {@link BrokerResolver} tries them. */
public enum BrokerSource {
    /** A broker the user runs; used as is, never started or stopped by the suite. */
    URI("uri", "external broker"),
    /** A Testcontainers RabbitMQ container, where a Docker engine answers. */
    CONTAINER("container", "container"),
    /** A private node started from the installed rabbitmq-server. */
    LOCAL("local", "private node");

    private final String key;
    private final String label;

    BrokerSource(String key, String label) {
        this.key = key;
        this.label = label;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public static BrokerSource parse(String value) {
        for (BrokerSource s : values()) {
            if (s.key.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new BrokerException("unknown broker source '" + value + "' in -D" + BrokerSettings.BROKER + "; allowed: "
                + Arrays.stream(values()).map(BrokerSource::key).collect(Collectors.joining(", ")));
    }
}
