package org.rabbitmqjmh.benchmarks.consume;

import com.rabbitmq.client.Connection;
import org.rabbitmqjmh.benchmarks.BrokerState;
import org.rabbitmqjmh.benchmarks.Order;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;
import org.rabbitmqjmh.engine.consume.AckMode;
import org.rabbitmqjmh.engine.consume.ConsumeSettings;
import org.rabbitmqjmh.engine.consume.ConsumeStyle;
import org.rabbitmqjmh.engine.consume.QueueConsumer;
import org.rabbitmqjmh.engine.consume.SequenceCheck;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/**
 * A trial's scratch queue, a connection to fill it, and the consumer being measured on a connection of
 * its own (with the socket IO under test), its deliveries checked against the fills' sequence. The
 * consume benchmarks share it; closing deletes the queue.
 */
final class ConsumerUnderTest implements AutoCloseable {

    final Connection admin;
    final Connection consumerConnection;
    final String queue;
    final QueueConsumer consumer;
    /** The fills' sequence as the consumer receives it. */
    final SequenceCheck sequence = new SequenceCheck();

    /** With {@code subscribed} false a push style subscribes only when the benchmark says (in its timed call). */
    ConsumerUnderTest(
            BrokerState broker,
            String purpose,
            ConsumeSettings settings,
            SocketIo io,
            Latency e2e,
            boolean subscribed) {
        admin = broker.connect(SocketIo.CLASSIC, purpose + "-fill");
        queue = Topology.uniqueName(purpose);
        Topology.declareScratch(admin, QueueSpec.classic(queue, false));
        consumerConnection = broker.connect(io, purpose + "-consumer");
        QueueConsumer c = new QueueConsumer(
                        consumerConnection, queue, QueueType.CLASSIC, settings, TimingRecorder.off(), e2e, null)
                .checkedBy(sequence);
        consumer = subscribed ? c.started() : c;
    }

    /**
     * Reports the order counters so far and fails the trial on a gap. One consumer of a classic queue
     * receives each publisher's messages in order (one it could not take yet waits on its thread, or is
     * requeued to the head and comes next), so a gap can never close later: it fails at once.
     */
    void checkOrder() {
        Order.complete(sequence);
    }

    /** Settings from a benchmark's string params; an impossible mix names the allowed values. */
    static ConsumeSettings settings(String style, String ack, int prefetch, int workers) {
        ConsumeStyle s = ConsumeStyle.parse(style);
        AckMode a = AckMode.parse(ack);
        return ConsumeSettings.of(s, a, prefetch).withWorkers(workers);
    }

    @Override
    public void close() {
        consumer.close();
        Connections.closeQuietly(consumerConnection);
        Topology.delete(admin, queue);
        Connections.closeQuietly(admin);
    }
}
