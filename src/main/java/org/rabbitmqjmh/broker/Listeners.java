package org.rabbitmqjmh.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a broker's other protocols listen: a port per {@link Listener} on the AMQP URI's host. The
 * private node picks free ports for all of them when it starts (plugins are enabled later, only when a
 * trial needs them); a broker at a URI is assumed on the default ports unless
 * {@code -Drabbitmq.listeners=mqtt:1884,stream:5553} says otherwise. The launcher hands its broker's
 * ports to the forks by the same property.
 */
public record Listeners(String host, Map<Listener, Integer> ports) {

    public static final String PROPERTY = "rabbitmq.listeners";

    public Listeners {
        ports = Map.copyOf(ports);
    }

    /** A broker at {@code amqp}'s host: defaults, replaced by what {@code given} (the property) names. */
    public static Listeners of(URI amqp, String given) {
        Map<Listener, Integer> ports = new EnumMap<>(Listener.class);
        for (Listener l : Listener.values()) {
            ports.put(l, l == Listener.AMQP10 ? amqpPort(amqp) : l.defaultPort());
        }
        if (given != null && !given.isBlank()) {
            for (String part : given.split(",")) {
                String[] kv = part.trim().split(":");
                if (kv.length != 2) {
                    throw new BrokerException("-D" + PROPERTY + "=" + given + ": '" + part + "' is not listener:port; "
                            + "e.g. mqtt:1883,stream:5552");
                }
                try {
                    ports.put(Listener.parse(kv[0].trim()), Integer.parseInt(kv[1].trim()));
                } catch (NumberFormatException e) {
                    throw new BrokerException(
                            "-D" + PROPERTY + ": port '" + kv[1] + "' of " + kv[0] + " is not a number");
                } catch (IllegalArgumentException e) {
                    throw new BrokerException("-D" + PROPERTY + ": " + e.getMessage());
                }
            }
        }
        return new Listeners(amqp.getHost(), ports);
    }

    static int amqpPort(URI amqp) {
        return amqp.getPort() > 0 ? amqp.getPort() : "amqps".equals(amqp.getScheme()) ? 5671 : 5672;
    }

    public int port(Listener l) {
        Integer p = ports.get(l);
        if (p == null) {
            throw new BrokerException("this broker has no " + l.label() + " listener");
        }
        return p;
    }

    /** The form {@link #of} reads back, for the forks. */
    public String property() {
        return ports.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().label() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /**
     * Checks that something listens at each port, in one line naming the plugin when not: what a trial
     * can know of a broker it may not reconfigure.
     */
    public void requireReachable(Collection<Listener> needed, String broker) {
        for (Listener l : needed) {
            int port = port(l);
            if (!reachable(host, port)) {
                throw new BrokerException(l.plugin()
                        .map(p -> "the broker at " + broker + " does not listen for " + l.label() + " on port " + port
                                + ": enable the " + p + " plugin there (rabbitmq-plugins enable " + p
                                + ") or give its port with -D"
                                + PROPERTY + "=" + l.label() + ":PORT")
                        .orElse("the broker at " + broker + " has no TLS listener on port " + port
                                + " (listeners.ssl.default); " + "configure one or give its port with -D" + PROPERTY
                                + "=" + l.label() + ":PORT"));
            }
        }
    }

    /**
     * Waits until something listens at each port of a broker this process started and just told to open
     * them (a plugin enabled); after {@code timeout}, one line naming the plugin and port that stayed shut.
     */
    public void awaitListening(Collection<Listener> needed, String broker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Listener l : needed) {
            while (!reachable(host, port(l))) {
                if (System.nanoTime() > deadline) {
                    throw new BrokerException(broker + " enabled " + l.plugin().orElse("its TLS listener")
                            + " but nothing listens on port " + port(l) + " (" + l.label() + ") after "
                            + timeout.toSeconds() + " s");
                }
                Ports.pause(100);
            }
        }
    }

    static boolean reachable(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
