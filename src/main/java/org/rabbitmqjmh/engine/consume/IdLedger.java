package org.rabbitmqjmh.engine.consume;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which ids of {@code [firstId, firstId + count)} were seen: one bit each, lock-free, so several
 * consumers can share it. Tells duplicates as they come and missing ids at the end.
 */
public final class IdLedger {

    private final long firstId;
    private final long count;
    private final AtomicLongArray bits;

    public IdLedger(long firstId, long count) {
        this.firstId = firstId;
        this.count = count;
        this.bits = new AtomicLongArray((int) ((count + 63) / 64));
    }

    /** Marks an id; false if it was seen before or lies outside the range. */
    public boolean mark(long id) {
        long i = id - firstId;
        if (i < 0 || i >= count) {
            return false;
        }
        int word = (int) (i >>> 6);
        long bit = 1L << (i & 63);
        while (true) {
            long old = bits.get(word);
            if ((old & bit) != 0) {
                return false;
            }
            if (bits.compareAndSet(word, old, old | bit)) {
                return true;
            }
        }
    }

    public long seen() {
        long n = 0;
        for (int w = 0; w < bits.length(); w++) {
            n += Long.bitCount(bits.get(w));
        }
        return n;
    }

    public long missing() {
        return count - seen();
    }
}
