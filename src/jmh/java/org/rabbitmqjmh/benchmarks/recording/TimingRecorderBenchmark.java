package org.rabbitmqjmh.benchmarks.recording;

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
import org.rabbitmqjmh.engine.MessageCodec;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;
import org.rabbitmqjmh.run.CheckedParams;

/**
 * What per-message timing adds to a publish, in nanoseconds, with no broker to blur it: the body
 * header, the row (send and confirm time) and the confirm latency histogram, as the publisher and its
 * confirm listener do them, against the same calls on a recorder that is off. A broker publish of a
 * 16 B message costs tens of microseconds on this machine, so this difference over that cost is the
 * share of publish throughput that recording takes, measured far more precisely than an A/B of two
 * broker runs can.
 *
 * <p>{@code java -jar target/benchmarks.jar TimingRecorderBenchmark -f 3}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimingRecorderBenchmark implements CheckedParams {

    @Param({"on", "off"})
    public String recording;

    private TimingRecorder recorder;
    private Latency latency;
    private byte[] body;
    private long seq;

    @Override
    public void checkParams() {
        TimingRecorder.recordingOn(recording);
    }

    @Setup(Level.Trial)
    public void setUp() {
        recorder = TimingRecorder.recordingOn(recording)
                ? TimingRecorder.withCapacity(TimingRecorder.DEFAULT_CAPACITY)
                : TimingRecorder.off();
        latency = new Latency();
        body = new byte[16];
    }

    @Benchmark
    public long recordOneMessage() {
        long s = seq++;
        long sent = System.nanoTime();
        MessageCodec.write(body, s, sent);
        recorder.first(s, s, sent);
        long confirmed = System.nanoTime();
        latency.record(confirmed - sent);
        recorder.second(s, confirmed);
        return confirmed;
    }
}
