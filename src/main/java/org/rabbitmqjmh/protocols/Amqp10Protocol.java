package org.rabbitmqjmh.protocols;

import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.DeliveryMode;
import org.apache.qpid.protonj2.client.DeliveryState;
import org.apache.qpid.protonj2.client.Link;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;
import org.apache.qpid.protonj2.client.Sender;
import org.apache.qpid.protonj2.client.SenderOptions;
import org.apache.qpid.protonj2.client.Tracker;
import org.apache.qpid.protonj2.client.exceptions.ClientException;
import org.apache.qpid.protonj2.engine.exceptions.MalformedAMQPHeaderException;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.Listener;

/**
 * AMQP 1.0 with Qpid protonj2 against RabbitMQ's pre-4.0 {@code rabbitmq_amqp1_0} plugin, which shares
 * the AMQP port and takes the virtual host from the open frame's hostname as {@code vhost:NAME}. Links
 * address the existing queue as {@code /amq/queue/NAME} (a sender attaches even to a missing queue, whose
 * messages the plugin drops yet accepts); for an MQTT consumer a sender sends to
 * {@code /exchange/amq.topic/NAME}. Senders are unsettled: the broker settles each transfer with
 * Accepted once its publisher confirm is in. protonj2's trackers offer only a plain
 * {@link Future} (no completion callback), so a thread per sender waits on them in sending order and
 * answers each {@link Acks}. The receiver's credit window is the prefetch (on a stream, it names the
 * offset in a {@code rabbitmq:stream-offset-spec} source filter); each delivery is accepted
 * (and settled) after the callback, from a thread of its own looping on {@code receive}.
 */
final class Amqp10Protocol implements ProtocolClient {

    private static final long TIMEOUT_MS = 10_000;
    private static final long CLOSE_MS = 5_000;
    private static final long POLL_MS = 100;
    private static final String STREAM_OFFSET = "rabbitmq:stream-offset-spec";
    private final Endpoint endpoint;

    Amqp10Protocol(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** A connection with the client that owns its I/O thread; one each, so closing one closes all. */
    private record Connected(Client client, Connection connection) {

        void close(Link<?> link) {
            if (link != null) {
                quietly(link.closeAsync());
            }
            quietly(connection.closeAsync());
            quietly(client.closeAsync());
        }

        private static void quietly(Future<?> f) {
            try {
                f.get(CLOSE_MS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // closing anyway; an interrupt was for the caller
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private Connected connect() {
        String where = endpoint.hostForUri() + ":" + endpoint.port(Listener.AMQP10);
        ConnectionOptions options = new ConnectionOptions()
                .user(endpoint.user())
                .password(endpoint.password())
                .virtualHost("vhost:" + endpoint.vhost())
                .openTimeout(TIMEOUT_MS)
                .closeTimeout(CLOSE_MS);
        options.saslOptions().addAllowedMechanism("PLAIN");
        options.transportOptions().connectTimeout((int) TIMEOUT_MS);
        Client client = Client.create();
        Connected c = null;
        try {
            c = new Connected(client, client.connect(endpoint.host(), endpoint.port(Listener.AMQP10), options));
            await(c.connection().openFuture());
            return c;
        } catch (Exception e) {
            if (c != null) {
                c.close(null);
            } else {
                client.closeAsync();
            }
            if (Failures.causedBy(e, ConnectException.class)) {
                throw new BrokerException("amqp10: cannot reach " + where
                        + " (connection refused); is the rabbitmq_amqp1_0 plugin enabled?");
            }
            if (Failures.causedBy(e, MalformedAMQPHeaderException.class)) {
                // Without the plugin the shared port answers an AMQP 1.0 header with its own 0-9-1 one.
                throw new BrokerException("amqp10: " + where
                        + " answered in AMQP 0-9-1, not 1.0; is the rabbitmq_amqp1_0 plugin enabled?");
            }
            throw new BrokerException("amqp10: cannot connect to " + where + " as " + endpoint.user() + ": " + why(e));
        }
    }

    @Override
    public MessageSender sender(Destination destination) {
        Connected c = connect();
        try {
            Sender sender = c.connection()
                    .openSender(
                            destination.sendAddress(),
                            new SenderOptions()
                                    .deliveryMode(DeliveryMode.AT_LEAST_ONCE)
                                    .openTimeout(TIMEOUT_MS));
            await(sender.openFuture());
            return new AmqpSender(c, sender);
        } catch (Exception e) {
            c.close(null);
            throw new BrokerException("amqp10: cannot open a sender to " + destination.sendAddress() + ": " + why(e));
        }
    }

    private static final class AmqpSender implements MessageSender {

        private record Pending(Tracker tracker, Acks acks) {}

        private final Connected connected;
        private final Sender sender;
        private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
        private final Thread settler;
        private volatile boolean closed;

        AmqpSender(Connected connected, Sender sender) {
            this.connected = connected;
            this.sender = sender;
            this.settler = daemon("rabbitmq-jmh-amqp10-settlements", this::settle);
        }

        @Override
        public void send(byte[] body, Acks acks) {
            try {
                // Message.create(byte[]) is a single Data section; no header, so not durable.
                pending.add(new Pending(sender.send(Message.create(body)), acks));
            } catch (ClientException e) {
                throw new BrokerException("amqp10: cannot send: " + why(e), e);
            }
        }

        /** Waits in sending order: the broker confirms roughly in order, and an answered one costs nothing. */
        private void settle() {
            Pending p = null;
            while (!closed) {
                try {
                    if (p == null && (p = pending.poll(POLL_MS, TimeUnit.MILLISECONDS)) == null) {
                        continue;
                    }
                    p.tracker().settlementFuture().get(POLL_MS, TimeUnit.MILLISECONDS);
                    DeliveryState state = p.tracker().remoteState();
                    if (state != null && state.isAccepted()) {
                        p.acks().acked();
                    } else {
                        p.acks()
                                .failed("amqp10: the broker settled the message as "
                                        + (state == null ? "nothing" : state.getType()) + ", not Accepted");
                    }
                    p = null;
                } catch (ExecutionException e) {
                    p.acks().failed("amqp10: the message was not acknowledged: " + why(e));
                    p = null;
                } catch (TimeoutException e) {
                    // still outstanding: look at closed again
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            connected.close(sender);
            join(settler);
        }
    }

    @Override
    public MessageReceiver receiver(Destination destination, Consumer<byte[]> onMessage, int prefetch) {
        Connected c = connect();
        Receiver receiver;
        try {
            ReceiverOptions options = new ReceiverOptions()
                    .deliveryMode(DeliveryMode.AT_LEAST_ONCE)
                    .creditWindow(prefetch)
                    .autoAccept(false)
                    .openTimeout(TIMEOUT_MS);
            if (destination.isStream()) {
                // A stream is read from an offset, given as a source filter: its first message (all are this trial's).
                // protonj2 sends the value as given; RabbitMQ 4.0 reads "first" as a string (as a symbol, described
                // or not, it falls back to "next" silently: ProtocolPathsRabbitmq4Test subscribes late to catch that).
                options.sourceOptions().filters(Map.of(STREAM_OFFSET, "first"));
            }
            receiver = c.connection().openReceiver(destination.amqQueueAddress(), options);
            await(receiver.openFuture());
        } catch (Exception e) {
            c.close(null);
            throw new BrokerException(
                    "amqp10: cannot open a receiver on " + destination.amqQueueAddress() + ": " + why(e));
        }
        Thread t = daemon("rabbitmq-jmh-amqp10-receiver", () -> {
            try {
                while (true) { // until receive throws: a closed receiver does at once, even mid-wait
                    Delivery d = receiver.receive(POLL_MS, TimeUnit.MILLISECONDS);
                    if (d != null) {
                        onMessage.accept(d.<byte[]>message().body());
                        d.accept(); // settles too (autoSettle); the credit window tops up as deliveries are taken
                    }
                }
            } catch (ClientException e) {
                // Closed, or the link failed: the trial sees messages that stop arriving.
            }
        });
        return () -> {
            c.close(receiver);
            join(t);
        };
    }

    private static void await(Future<?> f) throws Exception {
        try {
            f.get(TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS); // protonj2's own open timeout fires first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) {
        try {
            t.join(2 * POLL_MS + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line: the cause's message, not the wrapper's; a wait that ran out says how long it was. */
    private static String why(Throwable e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof TimeoutException ? "no answer in " + TIMEOUT_MS / 1000 + " s" : Failures.oneLine(t);
    }
}
