package org.rabbitmqjmh.protocols;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.Listener;

/**
 * MQTT 3.1.1 at QoS 1 with Eclipse Paho, over TCP or over WebSocket (Web-MQTT at {@code /ws}; Paho
 * speaks both). A sender's message is acknowledged by its PUBACK, which RabbitMQ sends once the message
 * is routed and confirmed; Paho's own in-flight limit is raised to MQTT's maximum so the trial's window
 * decides. MQTT has no queues: the sender publishes to the topic named like the trial's destination
 * (RabbitMQ routes it through {@code amq.topic}), and the receiver's clean-session subscription makes a
 * queue of its own, removed when it disconnects. The broker's prefetch for MQTT subscribers is its own
 * setting ({@code mqtt.prefetch}, 10 by default): {@code prefetch} has no per-client equivalent. Paho
 * acknowledges a delivery when the callback returns.
 */
final class MqttProtocol implements ProtocolClient {

    private static final int TIMEOUT_MS = 10_000;
    private static final AtomicInteger IDS = new AtomicInteger();
    private final Endpoint endpoint;
    private final boolean webSocket;

    MqttProtocol(Endpoint endpoint, boolean webSocket) {
        this.endpoint = endpoint;
        this.webSocket = webSocket;
    }

    private String label() {
        return webSocket ? "web-mqtt" : "mqtt";
    }

    /** A connected client and the threads it was given, which Paho does not stop itself. */
    private record Connected(MqttAsyncClient client, ScheduledExecutorService executor) {

        void close() {
            MqttProtocol.close(client);
            executor.shutdownNow();
        }
    }

    private Connected connect(String role, MqttCallback callback) {
        String uri = webSocket
                ? "ws://" + endpoint.hostForUri() + ":" + endpoint.port(Listener.WEB_MQTT) + "/ws"
                : "tcp://" + endpoint.hostForUri() + ":" + endpoint.port(Listener.MQTT);
        // Daemon threads: a fork whose trial failed must not be kept alive by a client's threads. Paho runs
        // its receiver, sender and callback loops as long-lived tasks on it, plus the pings: at least four.
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "rabbitmq-jmh-" + label());
            t.setDaemon(true);
            return t;
        });
        MqttAsyncClient client = null;
        try {
            // In-memory persistence: Paho's default writes a folder per client id into the working directory.
            client = new MqttAsyncClient(
                    uri,
                    "rmqjmh-" + role + "-" + ProcessHandle.current().pid() + "-" + IDS.incrementAndGet(),
                    new MemoryPersistence(),
                    new ScheduledExecutorPingSender(executor),
                    executor);
            if (callback != null) {
                client.setCallback(callback);
            }
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(true);
            options.setAutomaticReconnect(false);
            options.setConnectionTimeout(TIMEOUT_MS / 1000);
            options.setKeepAliveInterval(60);
            options.setMaxInflight(65_535);
            // RabbitMQ reads a virtual host other than the default from the user name, as "vhost:user".
            String vhost = endpoint.vhost();
            options.setUserName(vhost.equals("/") ? endpoint.user() : vhost + ":" + endpoint.user());
            options.setPassword(endpoint.password().toCharArray());
            client.connect(options).waitForCompletion(TIMEOUT_MS);
            return new Connected(client, executor);
        } catch (MqttException e) {
            close(client);
            executor.shutdownNow();
            throw new BrokerException(label() + ": cannot connect to " + uri + " (" + e.getMessage()
                    + (e.getReasonCode() == MqttException.REASON_CODE_SERVER_CONNECT_ERROR
                            ? "; is the rabbitmq_" + (webSocket ? "web_mqtt" : "mqtt") + " plugin enabled there?)"
                            : ")"));
        }
    }

    @Override
    public MessageSender sender(Destination destination) {
        Connected connected = connect("sender", null);
        MqttAsyncClient client = connected.client();
        String topic = destination.queue();
        return new MessageSender() {
            @Override
            public void send(byte[] body, Acks acks) throws MqttException {
                client.publish(topic, body, 1, false, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        acks.acked();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        acks.failed(label() + ": the message was not acknowledged: " + e.getMessage());
                    }
                });
            }

            @Override
            public void close() {
                connected.close();
            }
        };
    }

    @Override
    public MessageReceiver receiver(Destination destination, Consumer<byte[]> onMessage, int prefetch) {
        Connected connected = connect("receiver", new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // The trial sees it as messages that stop arriving; the sender's acks fail on their own.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                onMessage.accept(message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        try {
            connected.client().subscribe(destination.queue(), 1).waitForCompletion(TIMEOUT_MS);
        } catch (MqttException e) {
            connected.close();
            throw new BrokerException(label() + ": cannot subscribe to " + destination.queue() + ": " + e.getMessage());
        }
        return connected::close;
    }

    private static void close(MqttAsyncClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException ignored) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // already closed
        }
    }
}
