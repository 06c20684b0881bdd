package org.rabbitmqjmh.protocols;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.BrokerVersion;
import org.rabbitmqjmh.broker.Listener;

/**
 * The protocols RabbitMQ speaks, as a trial names them, with the listener each needs (and so the
 * plugin) and whether the suite can run it over TLS.
 */
public enum Protocol {
    AMQP091("amqp091", null, Listener.AMQPS),
    STREAM("stream", Listener.STREAM, Listener.STREAM_TLS),
    MQTT("mqtt", Listener.MQTT, null),
    WEB_MQTT("web-mqtt", Listener.WEB_MQTT, null),
    STOMP("stomp", Listener.STOMP, null),
    WEB_STOMP("web-stomp", Listener.WEB_STOMP, null),
    AMQP10("amqp10", Listener.AMQP10, null),
    /** AMQP 1.0 with RabbitMQ's own client: RabbitMQ 4.0 and later. */
    AMQP10_RABBITMQ("amqp10-rabbitmq", Listener.AMQP10, null),
    /** MQTT 5 (HiveMQ's client), beside MQTT 3.1.1: RabbitMQ 3.13 and later. */
    MQTT5("mqtt5", Listener.MQTT, null),
    WEB_MQTT5("web-mqtt5", Listener.WEB_MQTT, null);

    private final String label;
    private final Listener plain;
    private final Listener tls;

    Protocol(String label, Listener plain, Listener tls) {
        this.label = label;
        this.plain = plain;
        this.tls = tls;
    }

    public String label() {
        return label;
    }

    public boolean isMqtt() {
        return this == MQTT || this == WEB_MQTT || this == MQTT5 || this == WEB_MQTT5;
    }

    /**
     * Whether the client bounds its consumer's unacknowledged deliveries itself (prefetch, credits, MQTT
     * 5's Receive Maximum): not MQTT 3.1.1 (the broker's own {@code mqtt.prefetch} does) nor a stream
     * consumer (chunk credits).
     */
    public boolean boundsDeliveries() {
        return this != MQTT && this != WEB_MQTT && this != STREAM;
    }

    /** The oldest RabbitMQ (major, minor) that speaks this protocol as the suite's client does; 0.0 for any. */
    private int[] since() {
        return switch (this) {
            case MQTT5, WEB_MQTT5 -> new int[] {3, 13};
            case AMQP10_RABBITMQ -> new int[] {4, 0};
            default -> new int[] {0, 0};
        };
    }

    private boolean speaks(String version) {
        return BrokerVersion.atLeast(version, since()[0], since()[1]);
    }

    /**
     * Refuses a broker older than this protocol needs, in one line naming its version and what runs
     * there; a version that does not read as MAJOR.MINOR is let through (the client then says what fails).
     */
    public void requireBroker(String version) {
        if (!speaks(version)) {
            throw new BrokerException(
                    label + " needs RabbitMQ " + since()[0] + "." + since()[1] + " or later; the broker is "
                            + "RabbitMQ " + version + " (allowed there: "
                            + Arrays.stream(values())
                                    .filter(p -> p.speaks(version))
                                    .map(Protocol::label)
                                    .collect(Collectors.joining(", "))
                            + ")");
        }
    }

    public boolean supportsTls() {
        return tls != null;
    }

    /** The listeners a trial of this protocol needs besides plain AMQP 0.9.1 (which declares its queue). */
    public List<Listener> listeners(boolean overTls) {
        if (overTls && tls == null) {
            throw new IllegalArgumentException("tls=on is available for "
                    + Arrays.stream(values())
                            .filter(Protocol::supportsTls)
                            .map(Protocol::label)
                            .collect(Collectors.joining(" and "))
                    + ", not for " + label);
        }
        Listener l = overTls ? tls : plain;
        return l == null ? List.of() : List.of(l);
    }

    public static Protocol parse(String value) {
        return Arrays.stream(values())
                .filter(p -> p.label.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown protocol '" + value + "'; allowed: "
                        + Arrays.stream(values()).map(Protocol::label).collect(Collectors.joining(", "))));
    }
}
