package org.rabbitmqjmh.protocols;

import java.util.function.Consumer;

/**
 * STOMP 1.2 over TCP (rabbitmq_stomp) or WebSocket (rabbitmq_web_stomp), each sender and receiver on a
 * {@link StompConnection} of its own. A sender's message is acknowledged by the RECEIPT the broker sends
 * once the queue has confirmed it; a receiver subscribes with {@code ack:client-individual} and the
 * prefetch (and, on a stream, the offset of its first message), and acknowledges each MESSAGE after
 * its callback. For an MQTT consumer a sender sends to {@code /exchange/amq.topic/NAME}.
 */
final class StompProtocol implements ProtocolClient {

    private final Endpoint endpoint;
    private final boolean webSocket;

    StompProtocol(Endpoint endpoint, boolean webSocket) {
        this.endpoint = endpoint;
        this.webSocket = webSocket;
    }

    @Override
    public MessageSender sender(Destination destination) {
        StompConnection connection = StompConnection.open(endpoint, webSocket, null);
        String address = destination.sendAddress();
        return new MessageSender() {
            @Override
            public void send(byte[] body, Acks acks) {
                connection.send(address, body, acks);
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }

    @Override
    public MessageReceiver receiver(Destination destination, Consumer<byte[]> onMessage, int prefetch) {
        StompConnection connection = StompConnection.open(endpoint, webSocket, onMessage);
        try {
            connection.subscribe(destination.amqQueueAddress(), prefetch, destination.isStream());
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection::close;
    }
}
