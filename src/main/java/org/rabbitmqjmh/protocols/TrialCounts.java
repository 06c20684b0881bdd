package org.rabbitmqjmh.protocols;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.rabbitmqjmh.engine.MessageCodec;
import org.rabbitmqjmh.engine.consume.SequenceCheck;
import org.rabbitmqjmh.engine.timing.Latency;

/**
 * A protocol trial's counts over all its publishers ({@link SenderLoop}) and consumers: sent,
 * acknowledged, consumed, the windows in flight, the first failure a client reported, and the
 * per-publisher sequences each consumer (or single-active group) saw, so a message the broker
 * acknowledged but no consumer got is found ({@link #lost}).
 */
public final class TrialCounts {

    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder consumed = new LongAdder();
    private final LongAdder windows = new LongAdder();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final List<SequenceCheck> checks = new ArrayList<>();

    /**
     * A consumer's callback: the body's end-to-end latency, its place in its publisher's sequence as
     * {@code check} sees it (a new check per consumer that should see every message, one shared by a
     * group whose members share them), the consumed count.
     */
    public Consumer<byte[]> receiver(Latency e2e, SequenceCheck check) {
        synchronized (checks) {
            if (!checks.contains(check)) {
                checks.add(check);
            }
        }
        return body -> {
            long id = MessageCodec.id(body);
            if (SequenceCheck.skipped(id)) {
                return; // the proof of the gap check: this delivery is ignored, as if it never came
            }
            e2e.record(System.nanoTime() - MessageCodec.sentNanos(body));
            check.saw(id);
            consumed.increment();
        };
    }

    void countSent() {
        sent.increment();
    }

    void countAcked() {
        acked.increment();
    }

    void window(long slots) {
        windows.add(slots);
    }

    void fail(String why) {
        failure.compareAndSet(null, why);
    }

    public long sent() {
        return sent.sum();
    }

    public long acked() {
        return acked.sum();
    }

    public long consumed() {
        return consumed.sum();
    }

    /** What the publishers may have sent and not yet had acknowledged: their windows. */
    public long windows() {
        return windows.sum();
    }

    /** Throws the first failure a client reported (a refused message), if any. */
    public void throwIfFailed() {
        String failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException(failed);
        }
    }

    /** The sequence checks of the trial's consumers (one per consumer, or one per group). */
    public List<SequenceCheck> checks() {
        synchronized (checks) {
            return List.copyOf(checks);
        }
    }

    private long missing() {
        return checks().stream().mapToLong(SequenceCheck::missing).sum();
    }

    /**
     * Messages skipped in a publisher's sequence that never came, in one line, or null: a gap still open
     * once the consumers had {@code expected} messages or 10 s passed (a skipped message can only come
     * late, out of order). A backlog a consumer has not reached is not a gap: it opens none. A consumer
     * that received nothing at all of {@code expected} is named too: its path does not deliver.
     */
    public String lost(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((missing() > 0 || consumed.sum() == 0) && consumed.sum() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (expected > 0 && consumed.sum() == 0) {
            return "order: the consumer received none of the " + expected + " messages the broker acknowledged";
        }
        return checks().stream()
                .map(SequenceCheck::gap)
                .filter(gap -> gap != null)
                .findFirst()
                .orElse(null);
    }
}
