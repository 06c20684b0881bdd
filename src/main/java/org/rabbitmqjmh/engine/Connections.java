package org.rabbitmqjmh.engine;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.BrokerProbe;
import org.rabbitmqjmh.broker.TlsTrust;
import org.rabbitmqjmh.broker.Uris;
import org.rabbitmqjmh.host.EndedThreads;

/** Opens client connections the same way for every program and benchmark. */
public final class Connections {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadFactory DAEMON = r -> {
        Thread t = new Thread(EndedThreads.recorded(r), "rabbitmq-jmh-amqp-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    };

    /** Every wait on the broker is bounded; these are the client's own bounds. */
    public static final int TIMEOUT_MS = 10_000;

    private Connections() {}

    public static Connection open(URI uri, SocketIo io, String name) {
        return open(uri, io, name, TlsTrust.caFile());
    }

    /**
     * As {@link #open(URI, SocketIo, String)}; an {@code amqps} URI trusts the CA in {@code ca} (the JDK's
     * trust store when empty) and checks the broker's host name, never "trust everything".
     */
    public static Connection open(URI uri, SocketIo io, String name, Optional<Path> ca) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
            if ("amqps".equals(uri.getScheme())) {
                factory.useSslProtocol(TlsTrust.context(ca));
                factory.enableHostnameVerification();
            }
        } catch (BrokerException e) {
            throw e;
        } catch (Exception e) {
            throw BrokerProbe.explain(uri, e);
        }
        factory.setConnectionTimeout(TIMEOUT_MS);
        factory.setHandshakeTimeout(TIMEOUT_MS);
        factory.setShutdownTimeout(TIMEOUT_MS);
        factory.setChannelRpcTimeout(TIMEOUT_MS);
        // A benchmark that silently reconnects would measure the reconnection, not the setting under test.
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        // Daemon threads: a fork whose trial failed ends without its teardown, and connections left open
        // with non-daemon threads kept it alive until JMH halted it, which skips the shutdown hook that
        // deletes the trial's queues.
        factory.setThreadFactory(DAEMON);
        if (io == SocketIo.NETTY) {
            factory.netty();
        } else {
            factory.useBlockingIo();
        }
        try {
            Connection c = factory.newConnection(name);
            BlockedConnections.watch(c);
            return c;
        } catch (Exception e) {
            throw BrokerProbe.explain(uri, e);
        }
    }

    /** Closes without throwing: used in teardown paths where the first failure is the one to report. */
    public static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed, or the broker went away: nothing left to release
        }
    }

    public static BrokerException wrap(String what, Exception e) {
        String msg = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null) {
            msg = cause.getMessage();
        }
        return new BrokerException(what + ": " + Uris.mask(String.valueOf(msg)), e);
    }
}
