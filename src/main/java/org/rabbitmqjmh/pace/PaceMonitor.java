package org.rabbitmqjmh.pace;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.rabbitmqjmh.engine.timing.Latency;

/**
 * Samples a {@link PaceRun} once a second into a {@link PaceSample}: appends it to the time-series CSV
 * (flushed line by line, so a run cut short keeps what it measured), hands it to its listeners, and
 * adds the second's latencies to its phase's histogram for the summary.
 *
 * <p>The oldest message's age is estimated without consuming it: the queue is FIFO, so the message at
 * its head was stamped just after the newest one consumed. With drop-head that head may already be
 * gone, and the estimate is then an upper bound.
 */
public final class PaceMonitor implements AutoCloseable {

    private final PaceRun run;
    private final Writer csv;
    private final List<Consumer<PaceSample>> listeners;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pace-monitor");
        t.setDaemon(true);
        return t;
    });
    private final List<PaceSample> samples = new ArrayList<>();
    private final Map<String, Histogram> phaseLatency = new LinkedHashMap<>();
    private volatile String phase = "normal";
    private PaceCounts previous;
    private long second;
    private long previousDropped;
    private volatile String failure;

    /** {@code csv} may be null; each listener sees every sample (live metrics, a progress line). */
    public PaceMonitor(PaceRun run, Writer csv, List<Consumer<PaceSample>> listeners) throws IOException {
        this.run = run;
        this.csv = csv;
        this.listeners = List.copyOf(listeners);
        this.previous = run.counts();
        if (csv != null) {
            csv.write(PaceSample.CSV_HEADER + "\n");
            csv.flush();
        }
        timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    public void phase(String name) {
        this.phase = name;
    }

    private synchronized void sample() {
        try {
            PaceCounts now = run.counts();
            long depth = run.depth();
            long dropped = run.dropped();
            Histogram h = run.latency().takeInterval();
            String p = phase;
            phaseLatency.computeIfAbsent(p, k -> new Histogram(3)).add(h);
            long stamp = now.consumed() > 0 ? now.lastSentNanos() : run.startNanos();
            double age = depth > 0 ? (System.nanoTime() - stamp) / 1e6 : 0;
            PaceSample s = new PaceSample(
                    ++second,
                    p,
                    now.published() - previous.published(),
                    now.producerRate(),
                    now.consumed() - previous.consumed(),
                    depth,
                    age,
                    Latency.micros(h, 50) / 1000,
                    Latency.micros(h, 99) / 1000,
                    now.nacked() - previous.nacked(),
                    dropped - previousDropped,
                    now.blocked(),
                    (now.blockedNanos() - previous.blockedNanos()) / 1e6,
                    now);
            previous = now;
            previousDropped = dropped;
            samples.add(s);
            if (csv != null) {
                csv.write(s.csvLine() + "\n");
                csv.flush();
            }
            listeners.forEach(l -> l.accept(s));
            notifyAll();
        } catch (IOException | RuntimeException e) {
            failure = "sampling failed: " + e.getMessage();
        }
    }

    /**
     * Waits until the {@code n}-th sample is taken, so that a phase change right after it lines up with
     * the seconds of the time series; fails as soon as the run or the sampling failed.
     */
    public synchronized void awaitSample(long n) throws InterruptedException {
        while (second < n) {
            String why = run.failure() != null ? run.failure() : failure;
            if (why != null) {
                throw new IllegalStateException(why);
            }
            wait(100);
        }
    }

    public synchronized List<PaceSample> samples() {
        return List.copyOf(samples);
    }

    /** Every latency recorded in each phase so far, by phase, in the order the phases ran. */
    public synchronized Map<String, Histogram> phaseLatency() {
        Map<String, Histogram> copy = new LinkedHashMap<>();
        phaseLatency.forEach((k, v) -> copy.put(k, v.copy()));
        return copy;
    }

    public String failure() {
        return failure;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
