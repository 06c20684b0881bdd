package org.rabbitmqjmh.engine.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Per-publisher sequence numbers as a consumer sees them (omq's gap and order check): a message id is
 * {@code publisher << 40 | sequence}, each publisher counting from 0. A sequence above the next expected
 * opens a gap (the ids skipped); one below it either fills a gap (it came out of order) or was seen before
 * (a duplicate). What stays in a gap once every acknowledged message should have arrived is lost.
 * A publisher's state is locked on its own, so consumers of different publishers do not contend.
 *
 * <p>A repeat the broker flagged as redelivered (a requeue, a consumer cancelled with messages in
 * flight) is a legitimate repeat, counted apart from duplicates; a requeued message that comes back
 * after later ones fills its gap, so it counts as out of order and is never lost.
 */
public final class SequenceCheck {

    public static final int PUBLISHER_SHIFT = 40;
    private static final long SEQUENCE_MASK = (1L << PUBLISHER_SHIFT) - 1;

    private final Map<Long, Publisher> publishers = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();

    /**
     * {@code -Drabbitmqjmh.order.skip-every=N}: the consumer hides every N-th id from the check, as if that
     * message were lost, so a test can see a gap fail the trial. 0 (the default) hides none.
     */
    private static final long SKIP_EVERY = Long.getLong("rabbitmqjmh.order.skip-every", 0);

    /** The first id of publisher {@code index}. */
    public static long firstId(int index) {
        return (long) index << PUBLISHER_SHIFT;
    }

    /** Whether the proof hook ({@code rabbitmqjmh.order.skip-every}) makes the consumer lose {@code id}. */
    public static boolean skipped(long id) {
        return SKIP_EVERY > 0 && id % SKIP_EVERY == SKIP_EVERY - 1;
    }

    public void saw(long id) {
        saw(id, false);
    }

    /** One delivery, in the order it came; {@code redelivered} is the broker's flag. */
    public void saw(long id, boolean redelivered) {
        Publisher p = publishers.computeIfAbsent(id >>> PUBLISHER_SHIFT, k -> new Publisher());
        synchronized (p) {
            p.saw(id & SEQUENCE_MASK, redelivered, this);
        }
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long outOfOrder() {
        return outOfOrder.get();
    }

    /** Repeats the broker flagged as redelivered: legitimate, not duplicates. */
    public long redelivered() {
        return redelivered.get();
    }

    /**
     * {@link #gap()} once no gap is open or {@code moreMayCome} says the consumer has had everything the
     * broker acknowledged, or after {@code limit} (a skipped message can only come late, out of order).
     */
    public String gapAfter(BooleanSupplier moreMayCome, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (missing() > 0 && moreMayCome.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return gap();
    }

    /** The one line a trial fails with while a gap is open (publisher and missing ids), else null. */
    public String gap() {
        long n = missing();
        return n == 0
                ? null
                : "order: " + n + " messages skipped in their publisher's sequence never reached the consumer ("
                        + describeMissing(5) + ")";
    }

    /** Fails with {@link #gap()}'s line: for a consumer that has had everything it can. */
    public void requireNoGap() {
        String gap = gap();
        if (gap != null) {
            throw new IllegalStateException(gap);
        }
    }

    /** Ids skipped and not (yet) delivered, over every publisher. */
    public long missing() {
        long n = 0;
        for (Publisher p : publishers.values()) {
            synchronized (p) {
                n += p.missing();
            }
        }
        return n;
    }

    /** The first missing ranges, as a line names them ("publisher 0: 17–19, 40"), at most {@code max}. */
    public String describeMissing(int max) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(publishers).forEach((index, p) -> {
            synchronized (p) {
                if (parts.size() < max && p.missing() > 0) {
                    parts.add("publisher " + index + ": " + p.describe(max));
                }
            }
        });
        return String.join("; ", parts);
    }

    /** One publisher: the next sequence expected and the gaps (first id to last id, inclusive) still open. */
    private static final class Publisher {
        private long next;
        private final TreeMap<Long, Long> gaps = new TreeMap<>();

        void saw(long seq, boolean redelivered, SequenceCheck check) {
            if (seq == next) {
                next++;
            } else if (seq > next) {
                gaps.put(next, seq - 1);
                next = seq + 1;
            } else if (!fill(seq)) {
                (redelivered ? check.redelivered : check.duplicates).incrementAndGet();
            } else {
                check.outOfOrder.incrementAndGet();
            }
        }

        /** Removes {@code seq} from its gap; false if it is in none (seen before). */
        private boolean fill(long seq) {
            Map.Entry<Long, Long> g = gaps.floorEntry(seq);
            if (g == null || g.getValue() < seq) {
                return false;
            }
            gaps.remove(g.getKey());
            if (g.getKey() < seq) {
                gaps.put(g.getKey(), seq - 1);
            }
            if (seq < g.getValue()) {
                gaps.put(seq + 1, g.getValue());
            }
            return true;
        }

        long missing() {
            long n = 0;
            for (Map.Entry<Long, Long> g : gaps.entrySet()) {
                n += g.getValue() - g.getKey() + 1;
            }
            return n;
        }

        String describe(int max) {
            List<String> ranges = new ArrayList<>();
            Iterator<Map.Entry<Long, Long>> it = gaps.entrySet().iterator();
            while (it.hasNext() && ranges.size() < max) {
                Map.Entry<Long, Long> g = it.next();
                ranges.add(g.getKey().equals(g.getValue()) ? "" + g.getKey() : g.getKey() + "–" + g.getValue());
            }
            return String.join(", ", ranges) + (gaps.size() > max ? ", …" : "");
        }
    }
}
