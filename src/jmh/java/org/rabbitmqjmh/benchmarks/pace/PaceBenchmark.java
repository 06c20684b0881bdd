package org.rabbitmqjmh.benchmarks.pace;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rabbitmqjmh.benchmarks.BrokerState;
import org.rabbitmqjmh.pace.BackPressure;
import org.rabbitmqjmh.pace.PaceCounts;
import org.rabbitmqjmh.pace.PaceRun;
import org.rabbitmqjmh.pace.PaceSettings;
import org.rabbitmqjmh.profilers.TrialMetrics;
import org.rabbitmqjmh.run.CheckedParams;

/**
 * Pace matching in steady state: a producer paced at {@code ratio} × the consumer's rate against a
 * consumer that handles at most {@code consumerRate} msg/s, with one back-pressure mode, over the same
 * {@link PaceRun} as the PaceMatching program. The benchmark thread is the consumer: the score is the
 * rate it achieved (msg/s). Secondary: the producer's published, confirmed and nacked messages and the
 * drop-head losses as rates (aux counters, OPERATIONS), and end-to-end latency p50/p99/p99.9 from each
 * message's intended send time (LatencyProfiler). Iterations are long because the rates are low.
 * The consumer checks the producer's sequence: {@code order.*} counters; a gap fails the trial under
 * {@code confirms}, not under {@code reject-publish} or {@code drop-head}, which skip messages by design.
 *
 * <p>{@code java -jar target/benchmarks.jar PaceBenchmark -p ratio=1,2,10 -p backPressure=reject-publish}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class PaceBenchmark implements CheckedParams {

    /** Producer rate : consumer rate. */
    @Param({"1", "2", "10"})
    public int ratio;

    @Param({"200"})
    public int consumerRate;

    @Param({"reject-publish", "drop-head", "confirms"})
    public String backPressure;

    @Param({"1000"})
    public long maxLength;

    @Param({"1024"})
    public int messageSize;

    @Param({"10"})
    public int prefetch;

    private PaceRun run;

    @Override
    public void checkParams() {
        settings();
    }

    private PaceSettings settings() {
        BackPressure mode = BackPressure.parse(backPressure);
        if (mode == BackPressure.MEMORY_ALARM) {
            throw new IllegalArgumentException("backPressure=memory-alarm changes the whole broker's watermark; "
                    + "use the PaceMatching program for it");
        }
        return new PaceSettings(
                (double) ratio * consumerRate, consumerRate, messageSize, prefetch, 100, mode, maxLength);
    }

    @Setup(Level.Trial)
    public void setUp(BrokerState broker) {
        PaceSettings s = settings();
        run = PaceRun.start(broker.uri(), s, TrialMetrics.latency("e2e"), false, Duration.ofMinutes(10));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        run.close();
    }

    /** The producer's side over the iteration, as rates (OPERATIONS: JMH divides by the iteration's time). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class ProducerRates {
        public long published;
        public long confirmed;
        public long nacked;
        public long dropped;
        private PaceCounts atStart;
        private long droppedAtStart;

        @Setup(Level.Iteration)
        public void start(PaceBenchmark b) {
            atStart = b.run.counts();
            droppedAtStart = b.run.dropped();
            published = confirmed = nacked = dropped = 0;
        }

        @TearDown(Level.Iteration)
        public void end(PaceBenchmark b) {
            PaceCounts now = b.run.counts();
            published = now.published() - atStart.published();
            confirmed = now.confirmed() - atStart.confirmed();
            nacked = now.nacked() - atStart.nacked();
            dropped = b.run.dropped() - droppedAtStart;
            TrialMetrics.order(b.run.sequence());
            if (b.run.failure() != null) {
                throw new IllegalStateException(b.run.failure());
            }
        }
    }

    @Benchmark
    public void consume(ProducerRates rates) throws Exception {
        run.consumeOne();
    }
}
