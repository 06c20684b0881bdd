package org.rabbitmqjmh.protocols;

import com.rabbitmq.stream.Address;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.EnvironmentBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import javax.net.ssl.SSLException;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.Listener;
import org.rabbitmqjmh.broker.TlsTrust;

/**
 * How this suite connects the stream client (one environment, so one connection, per caller): to the
 * endpoint's stream listener, plain or TLS, always at the address it was given.
 */
final class StreamEnvironment {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private StreamEnvironment() {}

    static Environment open(Endpoint endpoint, boolean tls) {
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
            b = withTls(b, endpoint);
        }
        try {
            return b.build();
        } catch (RuntimeException e) {
            throw new BrokerException("stream: cannot connect to " + host + ":" + port + " (" + Failures.rootLine(e)
                    + "); is the rabbitmq_stream plugin enabled there?");
        }
    }

    private static EnvironmentBuilder withTls(EnvironmentBuilder b, Endpoint endpoint) {
        try {
            Collection<X509Certificate> cas = TlsTrust.certificates(endpoint.ca());
            SslContextBuilder ssl = SslContextBuilder.forClient();
            if (!cas.isEmpty()) {
                ssl.trustManager(cas.toArray(X509Certificate[]::new));
            }
            return b.tls().sslContext(ssl.build()).environmentBuilder();
        } catch (SSLException e) {
            throw new BrokerException("stream: cannot set up TLS: " + e.getMessage());
        }
    }
}
