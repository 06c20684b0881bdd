package org.rabbitmqjmh.protocols;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.Listener;
import org.rabbitmqjmh.broker.Listeners;
import org.rabbitmqjmh.broker.Uris;

/**
 * Everything a protocol client needs to reach the trial's broker: the AMQP URI (its credentials and
 * virtual host serve every protocol), the other listeners' ports and the CA to trust over TLS.
 */
public record Endpoint(URI amqp, Listeners listeners, Optional<Path> ca) {

    public static Endpoint of(Broker broker) {
        return new Endpoint(broker.uri(), broker.listeners(), broker.caFile());
    }

    public String host() {
        return listeners.host();
    }

    public int port(Listener l) {
        return listeners.port(l);
    }

    public String user() {
        String info = amqp.getRawUserInfo();
        String user = info == null ? "guest" : info.contains(":") ? info.substring(0, info.indexOf(':')) : info;
        return URLDecoder.decode(user, StandardCharsets.UTF_8);
    }

    public String password() {
        String info = amqp.getRawUserInfo();
        String pass = info == null ? "guest" : info.contains(":") ? info.substring(info.indexOf(':') + 1) : "";
        return URLDecoder.decode(pass, StandardCharsets.UTF_8);
    }

    public String vhost() {
        return Uris.vhost(amqp);
    }

    /** The AMQP 0.9.1 URI over the broker's TLS listener (the URI itself when it is amqps already). */
    public URI amqps() {
        if ("amqps".equals(amqp.getScheme())) {
            return amqp;
        }
        return URI.create("amqps://" + amqp.getRawUserInfo() + "@" + hostForUri() + ":" + port(Listener.AMQPS)
                + (amqp.getRawPath() == null || amqp.getRawPath().isEmpty() ? "/%2F" : amqp.getRawPath()));
    }

    String hostForUri() {
        return host().contains(":") ? "[" + host() + "]" : host();
    }

    /** The AMQP URI with its password dropped, for messages. */
    public String masked() {
        return Uris.mask(amqp);
    }
}
