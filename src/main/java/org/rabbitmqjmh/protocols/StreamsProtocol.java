package org.rabbitmqjmh.protocols;

import com.rabbitmq.stream.Address;
import com.rabbitmq.stream.ConfirmationStatus;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.EnvironmentBuilder;
import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.Producer;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.Listener;
import org.rabbitmqjmh.broker.TlsTrust;
import org.rabbitmqjmh.engine.Connections;

/**
 * RabbitMQ's Streams protocol with its own Java client (stream-client), each sender and receiver on an
 * environment (and so a connection) of its own. The producer sends as soon as it can ({@code
 * dynamicBatch}): the default 100 ms batching delay would make every unary send wait for it. Its own
 * limit on unconfirmed messages sits far above any window a trial uses. A stream consumer does not
 * acknowledge: it reads from the stream's first offset with the broker's chunk credits as its flow
 * control, so {@code prefetch} has no equivalent here.
 */
final class StreamsProtocol implements ProtocolClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final Endpoint endpoint;
    private final boolean tls;

    StreamsProtocol(Endpoint endpoint, boolean tls) {
        this.endpoint = endpoint;
        this.tls = tls;
    }

    private Environment environment() {
        String host = endpoint.host();
        int port = endpoint.port(tls ? Listener.STREAM_TLS : Listener.STREAM);
        EnvironmentBuilder b = Environment.builder()
                .host(host)
                .port(port)
                .username(endpoint.user())
                .password(endpoint.password())
                .virtualHost(endpoint.vhost())
                .rpcTimeout(TIMEOUT)
                // The broker advertises its own host name and port for each stream's leader; a node reached
                // through a given address (a URI, a published container port) is reached there again.
                .addressResolver(address -> new Address(host, port));
        if (tls) {
            try {
                Collection<X509Certificate> cas = TlsTrust.certificates(endpoint.ca());
                SslContextBuilder ssl = SslContextBuilder.forClient();
                if (!cas.isEmpty()) {
                    ssl.trustManager(cas.toArray(X509Certificate[]::new));
                }
                b = b.tls().sslContext(ssl.build()).environmentBuilder();
            } catch (SSLException e) {
                throw new BrokerException("stream: cannot set up TLS: " + e.getMessage());
            }
        }
        try {
            return b.build();
        } catch (RuntimeException e) {
            throw new BrokerException("stream: cannot connect to " + host + ":" + port + " (" + Failures.rootLine(e)
                    + "); is the rabbitmq_stream plugin enabled there?");
        }
    }

    @Override
    public MessageSender sender(Destination destination) {
        Environment env = environment();
        try {
            Producer producer = env.producerBuilder().stream(destination.queue())
                    .dynamicBatch(true)
                    .maxUnconfirmedMessages(100_000)
                    .confirmTimeout(TIMEOUT)
                    .enqueueTimeout(TIMEOUT)
                    .build();
            return new MessageSender() {
                @Override
                public void send(byte[] body, Acks acks) {
                    producer.send(producer.messageBuilder().addData(body).build(), (ConfirmationStatus s) -> {
                        if (s.isConfirmed()) {
                            acks.acked();
                        } else {
                            acks.failed("stream: the broker did not confirm the message (code " + s.getCode() + ")");
                        }
                    });
                }

                @Override
                public void close() {
                    Connections.closeQuietly(producer);
                    Connections.closeQuietly(env);
                }
            };
        } catch (RuntimeException e) {
            Connections.closeQuietly(env);
            throw new BrokerException("stream: cannot publish to " + destination.queue() + ": " + Failures.rootLine(e));
        }
    }

    @Override
    public MessageReceiver receiver(Destination destination, Consumer<byte[]> onMessage, int prefetch) {
        Environment env = environment();
        try {
            com.rabbitmq.stream.Consumer consumer = env.consumerBuilder().stream(destination.queue())
                    .offset(OffsetSpecification.first())
                    .noTrackingStrategy()
                    .messageHandler((context, message) -> onMessage.accept(message.getBodyAsBinary()))
                    .build();
            return () -> {
                Connections.closeQuietly(consumer);
                Connections.closeQuietly(env);
            };
        } catch (RuntimeException e) {
            Connections.closeQuietly(env);
            throw new BrokerException(
                    "stream: cannot consume from " + destination.queue() + ": " + Failures.rootLine(e));
        }
    }
}
