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
import org.rabbitmqjmh.engine.ConfirmMode;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.Latency;
import org.rabbitmqjmh.engine.Overflow;
import org.rabbitmqjmh.engine.PublishSettings;
import org.rabbitmqjmh.engine.Publisher;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.TimingRecorder;
import org.rabbitmqjmh.engine.Topology;

/**
 * The smallest end-to-end proof: one transient message per call to a classic queue, no confirms.
 * The queue has a length limit with drop-head so a publisher faster than the broker's disk cannot run
 * it into its memory alarm and measure that instead.
 *
 * <p>{@code java -jar target/benchmarks.jar PublishOneBenchmark -f 1 -wi 1 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PublishOneBenchmark {

  @Param({"16"})
  public int messageSize;

  private Connection connection;
  private String queue;
  private Publisher publisher;

  @Setup(Level.Trial)
  public void setUp(BrokerState broker) {
    connection = broker.connect(SocketIo.CLASSIC, "publish-one");
    queue = Topology.uniqueName("publish-one");
    Topology.declareScratch(connection, QueueSpec.classic(queue, false).withMaxLength(10_000, Overflow.DROP_HEAD));
    publisher = new Publisher(connection, queue, PublishSettings.of(messageSize, ConfirmMode.NONE, 0, false), 1,
        TimingRecorder.off(), new Latency(), SocketIo.CLASSIC);
  }

  @Benchmark
  public long publish() throws Exception {
    return publisher.publish();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    publisher.close();
    Topology.delete(connection, queue);
    Connections.closeQuietly(connection);
  }
}
