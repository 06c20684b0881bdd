package org.rabbitmqjmh.protocols;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.Mqtt5ReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult.Mqtt5Qos1Result;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.Listener;

/**
 * MQTT 5 at QoS 1 with the HiveMQ MQTT client, over TCP or over WebSocket (Web-MQTT at {@code /ws}),
 * arranged as {@link MqttProtocol}'s MQTT 3.1.1 so the two compare like for like: the sender publishes
 * to the topic named like the trial's destination, a sender's message is acknowledged by its PUBACK,
 * and the receiver's clean-start subscription (session expiry 0) makes a queue of its own that the
 * broker removes when it disconnects. RabbitMQ speaks MQTT 5 from 3.13 on ({@link Protocol#requireBroker}).
 *
 * <p>What MQTT 5 adds that matters here: the consumer's Receive Maximum is the prefetch, so the client
 * bounds the unacknowledged deliveries itself (RabbitMQ sends at most the lower of it and its own
 * {@code mqtt.prefetch}; MQTT 3.1.1 has only the latter); topic aliases both ways (the client maps the
 * sender's topic to an alias itself; the receiver accepts one from the broker), so a message carries
 * two bytes instead of its topic name; and a PUBACK with a reason code, so a message the broker routed
 * to no queue ("No matching subscribers") fails the trial instead of counting. The client's own limit
 * on outstanding publishes is MQTT's maximum, so the trial's window decides. HiveMQ acknowledges a
 * delivery when the callback returns. No reconnect: a trial whose connection fails fails.
 */
final class Mqtt5Protocol implements ProtocolClient {

    private static final long TIMEOUT_S = 10;
    private static final int MAX_RECEIVE = 65_535;
    /** The receiver subscribes to one topic: one alias is all the broker needs. */
    private static final int TOPIC_ALIASES = 1;

    private static final AtomicInteger IDS = new AtomicInteger();
    private final Endpoint endpoint;
    private final boolean webSocket;

    Mqtt5Protocol(Endpoint endpoint, boolean webSocket) {
        this.endpoint = endpoint;
        this.webSocket = webSocket;
    }

    private String label() {
        return webSocket ? Protocol.WEB_MQTT5.label() : Protocol.MQTT5.label();
    }

    /** A connected client and the threads it was given (its Netty event loop), which it does not stop itself. */
    private record Connected(Mqtt5AsyncClient client, ExecutorService netty) {

        void close() {
            try {
                client.disconnect().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing anyway: the connection may be gone already
            }
            netty.shutdownNow();
        }
    }

    private Connected connect(String role, int receiveMaximum) {
        Listener listener = webSocket ? Listener.WEB_MQTT : Listener.MQTT;
        String where = (webSocket ? "ws://" : "tcp://") + endpoint.hostForUri() + ":" + endpoint.port(listener)
                + (webSocket ? "/ws" : "");
        // Daemon threads: a fork whose trial failed must not be kept alive by a client's event loop (the
        // client's default one is not daemon). One thread per connection, as each client has its own.
        ExecutorService netty = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rabbitmq-jmh-" + label());
            t.setDaemon(true);
            return t;
        });
        Mqtt5ClientBuilder builder = MqttClient.builder()
                .useMqttVersion5()
                .identifier("rmqjmh-" + role + "-" + ProcessHandle.current().pid() + "-" + IDS.incrementAndGet())
                .serverHost(endpoint.host())
                .serverPort(endpoint.port(listener))
                .executorConfig()
                .nettyExecutor(netty)
                .nettyThreads(1)
                .applyExecutorConfig();
        if (webSocket) {
            builder = builder.webSocketConfig().serverPath("ws").applyWebSocketConfig();
        }
        Mqtt5AsyncClient client = builder.buildAsync();
        // RabbitMQ reads a virtual host other than the default from the user name, as "vhost:user".
        String vhost = endpoint.vhost();
        try {
            client.connectWith()
                    .cleanStart(true)
                    .sessionExpiryInterval(0)
                    .keepAlive(60)
                    .simpleAuth()
                    .username(vhost.equals("/") ? endpoint.user() : vhost + ":" + endpoint.user())
                    .password(endpoint.password().getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth()
                    .restrictions()
                    .receiveMaximum(receiveMaximum)
                    .topicAliasMaximum(TOPIC_ALIASES)
                    .sendMaximum(MAX_RECEIVE)
                    .applyRestrictions()
                    .send()
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
            return new Connected(client, netty);
        } catch (Exception e) {
            keepInterrupt(e);
            new Connected(client, netty).close();
            throw new BrokerException(label() + ": cannot connect to " + where + " as " + endpoint.user() + " ("
                    + Failures.oneLine(e) + "; is the rabbitmq_" + (webSocket ? "web_mqtt" : "mqtt")
                    + " plugin enabled there, and is it RabbitMQ 3.13 or later?)");
        }
    }

    @Override
    public MessageSender sender(Destination destination) {
        // A sender subscribes to nothing: its Receive Maximum does not matter.
        Connected connected = connect("sender", MAX_RECEIVE);
        Mqtt5AsyncClient client = connected.client();
        String topic = destination.queue();
        return new MessageSender() {
            @Override
            public void send(byte[] body, Acks acks) {
                client.publishWith()
                        .topic(topic)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(body)
                        .send()
                        .whenComplete((result, e) -> {
                            String refused = e != null ? Failures.oneLine(e) : refusal(result);
                            if (refused == null) {
                                acks.acked();
                            } else {
                                acks.failed(label() + ": the message was not acknowledged: " + refused);
                            }
                        });
            }

            @Override
            public void close() {
                connected.close();
            }
        };
    }

    /** Why the broker did not take the message, or null if its PUBACK says it did. */
    private static String refusal(Mqtt5PublishResult result) {
        if (result.getError().isPresent()) {
            return Failures.oneLine(result.getError().get());
        }
        if (!(result instanceof Mqtt5Qos1Result qos1)) {
            return "no PUBACK for a QoS 1 message";
        }
        Mqtt5PubAck ack = qos1.getPubAck();
        Mqtt5PubAckReasonCode code = ack.getReasonCode();
        if (code.isError() || code == Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS) {
            return "PUBACK " + reason(code)
                    + ack.getReasonString().map(s -> " (" + s + ")").orElse("");
        }
        return null;
    }

    /** A wait cut short by an interrupt still leaves the thread interrupted for its caller. */
    private static void keepInterrupt(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    private static String reason(Mqtt5ReasonCode code) {
        return code + String.format(" 0x%02X", code.getCode());
    }

    @Override
    public MessageReceiver receiver(Destination destination, Consumer<byte[]> onMessage, int prefetch) {
        // MQTT 5's Receive Maximum is 1 to 65,535: the prefetch, within those.
        Connected connected = connect("receiver", Math.max(1, Math.min(prefetch, MAX_RECEIVE)));
        try {
            Mqtt5SubAck ack = connected
                    .client()
                    .subscribeWith()
                    .topicFilter(destination.queue())
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> onMessage.accept(p.getPayloadAsBytes()))
                    .send()
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
            ack.getReasonCodes().stream()
                    .filter(Mqtt5ReasonCode::isError)
                    .findFirst()
                    .ifPresent(code -> {
                        throw new BrokerException(label() + ": the broker refused the subscription to "
                                + destination.queue() + ": SUBACK " + reason(code)
                                + ack.getReasonString().map(s -> " (" + s + ")").orElse(""));
                    });
        } catch (BrokerException e) {
            connected.close();
            throw e;
        } catch (Exception e) {
            keepInterrupt(e);
            connected.close();
            throw new BrokerException(
                    label() + ": cannot subscribe to " + destination.queue() + ": " + Failures.oneLine(e));
        }
        return connected::close;
    }
}
