package org.rabbitmqjmh.broker;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A port RabbitMQ listens on besides plain AMQP 0.9.1, the plugin that opens it and the port it has
 * by default. AMQP 1.0 shares the AMQP port and only needs its plugin: its port is {@link #AMQP10}'s.
 */
public enum Listener {
    AMQPS("amqps", null, 5671),
    STREAM("stream", "rabbitmq_stream", 5552),
    STREAM_TLS("stream-tls", "rabbitmq_stream", 5551),
    MQTT("mqtt", "rabbitmq_mqtt", 1883),
    STOMP("stomp", "rabbitmq_stomp", 61613),
    WEB_STOMP("web-stomp", "rabbitmq_web_stomp", 15674),
    WEB_MQTT("web-mqtt", "rabbitmq_web_mqtt", 15675),
    AMQP10("amqp10", "rabbitmq_amqp1_0", 5672);

    private final String label;
    private final String plugin;
    private final int defaultPort;

    Listener(String label, String plugin, int defaultPort) {
        this.label = label;
        this.plugin = plugin;
        this.defaultPort = defaultPort;
    }

    public String label() {
        return label;
    }

    /** The plugin that must be enabled for this listener to exist; empty for the broker's own TLS listener. */
    public Optional<String> plugin() {
        return Optional.ofNullable(plugin);
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Whether the listener speaks TLS: its client needs the broker's CA. */
    public boolean tls() {
        return this == AMQPS || this == STREAM_TLS;
    }

    public static Listener parse(String label) {
        return Arrays.stream(values())
                .filter(l -> l.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown listener '" + label + "'; allowed: "
                        + Arrays.stream(values()).map(Listener::label).collect(Collectors.joining(", "))));
    }
}
