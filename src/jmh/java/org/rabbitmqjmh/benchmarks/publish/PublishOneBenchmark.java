package org.rabbitmqjmh.benchmarks.publish;

import com.rabbitmq.client.Connection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
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
import org.rabbitmqjmh.engine.publish.ConfirmMode;
import org.rabbitmqjmh.engine.publish.PublishSettings;
import org.rabbitmqjmh.engine.publish.Publisher;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;
import org.rabbitmqjmh.run.CheckedParams;

/**
 * The smallest end-to-end proof: each call publishes one transient message (no confirm) and takes it
 * back from the queue with basic.get, so a call is a message the broker took and handed out; the
 * queue never grows and never drops (a publisher alone into a bounded queue would score messages the
 * queue threw away, which the broker cross-check refuses).
 *
 * <p>{@code java -jar target/benchmarks.jar PublishOneBenchmark -f 1 -wi 1 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PublishOneBenchmark implements CheckedParams {

    @Param({"16"})
    public int messageSize;

    private Connection connection;
    private String queue;
    private Publisher publisher;
    private QueueConsumer consumer;
    private final SequenceCheck sequence = new SequenceCheck();

    @Override
    public void checkParams() {
        PublishSettings.of(messageSize, ConfirmMode.NONE, 0, false);
    }

    @Setup(Level.Trial)
    public void setUp(BrokerState broker) {
        checkParams();
        connection = broker.connect(SocketIo.CLASSIC, "publish-one");
        queue = Topology.uniqueName("publish-one");
        Topology.declareScratch(connection, QueueSpec.classic(queue, false));
        publisher = new Publisher(
                connection,
                queue,
                PublishSettings.of(messageSize, ConfirmMode.NONE, 0, false),
                SequenceCheck.firstId(0),
                TimingRecorder.off(),
                new Latency(),
                SocketIo.CLASSIC);
        consumer = new QueueConsumer(
                        connection,
                        queue,
                        QueueType.CLASSIC,
                        ConsumeSettings.of(ConsumeStyle.POLLING, AckMode.AUTO, 0),
                        TimingRecorder.off(),
                        new Latency(),
                        null)
                .checkedBy(sequence)
                .started();
    }

    /** Each call consumed the message it published: a gap now is a message lost. */
    @TearDown(Level.Iteration)
    public void checkOrder() {
        Order.complete(sequence);
    }

    @Benchmark
    public long publish() throws Exception {
        long id = publisher.publish();
        consumer.consume(1);
        return id;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        consumer.close();
        publisher.close();
        Topology.delete(connection, queue);
        Connections.closeQuietly(connection);
    }
}
