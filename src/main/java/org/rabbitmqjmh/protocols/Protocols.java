package org.rabbitmqjmh.protocols;

/** The one place that maps a protocol (and TLS or not) to its client. */
public final class Protocols {

    private Protocols() {}

    public static ProtocolClient client(Protocol protocol, Endpoint endpoint, boolean tls) {
        protocol.listeners(tls); // refuses TLS where the suite cannot run it
        return switch (protocol) {
            case AMQP091 -> new Amqp091Protocol(endpoint, tls);
            case STREAM -> new StreamsProtocol(endpoint, tls);
            case MQTT -> new MqttProtocol(endpoint, false);
            case WEB_MQTT -> new MqttProtocol(endpoint, true);
            case STOMP -> new StompProtocol(endpoint, false);
            case WEB_STOMP -> new StompProtocol(endpoint, true);
            case AMQP10 -> new Amqp10Protocol(endpoint);
            case AMQP10_RABBITMQ -> new RabbitAmqpProtocol(endpoint);
            case MQTT5 -> new Mqtt5Protocol(endpoint, false);
            case WEB_MQTT5 -> new Mqtt5Protocol(endpoint, true);
        };
    }
}
