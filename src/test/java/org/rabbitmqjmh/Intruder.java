package org.rabbitmqjmh;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;

/**
 * Another client of the test broker, publishing to a queue of its own behind the suite's back (about
 * 500 messages a second) until closed: what makes the broker's counters disagree with a benchmark's.
 */
public final class Intruder implements AutoCloseable {

    private final Connection connection;
    private final String queue;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private Intruder() {
        connection = Connections.open(TestBroker.uri(), SocketIo.CLASSIC, "intruder");
        queue = Topology.uniqueName("intruder");
        Topology.declareScratch(connection, QueueSpec.classic(queue, false));
        thread = new Thread(
                () -> {
                    try (Channel raw = connection.createChannel()) {
                        while (running.get()) {
                            raw.basicPublish("", queue, null, new byte[16]);
                            Thread.sleep(2);
                        }
                    } catch (Exception ignored) {
                        // closed by the test
                    }
                },
                "intruder");
        thread.start();
    }

    public static Intruder start() {
        return new Intruder();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
        Topology.delete(connection, queue);
        Connections.closeQuietly(connection);
    }
}
