package org.rabbitmqjmh.engine.timing;

import java.util.Arrays;
import java.util.List;

/**
 * Per-message timing rows (id, first time, second time) kept in three preallocated {@code long[]}:
 * {@value #BYTES_PER_ROW} bytes a recorded message, nothing allocated per message. The first time is
 * when the message was sent (publisher) or received (consumer); the second when it was confirmed or
 * acknowledged, 0 while it is not.
 *
 * <p>Messages are numbered per recorder from 0 in the order of {@link #first}. When more arrive than
 * the capacity holds, the recorder keeps every k-th message: it halves what it holds (every other row)
 * and doubles k, so memory stays bounded and the rows stay an even sample. {@link #sampleEvery()} says k.
 * Methods are synchronized: the completing thread (confirm listener, acking worker) is usually not
 * the recording one, and uncontended locking costs far less than a publish.
 */
public final class TimingRecorder {

    public static final int BYTES_PER_ROW = 24;
    /** Default capacity: 1M rows, 24 MiB per recorder. */
    public static final int DEFAULT_CAPACITY = 1 << 20;

    private static final TimingRecorder OFF = new TimingRecorder(0);

    private final long[] ids;
    private final long[] firsts;
    private final long[] seconds;
    private final boolean enabled;
    /** Keeps message seq when {@code (seq & sampleMask) == 0}, in row {@code seq >>> sampleShift}: k = 2^shift. */
    private int sampleShift;

    private long sampleMask;
    private int rows;
    /** Lowest row that may still lack its second time: where a range completion starts. */
    private int lowestOpen;

    private TimingRecorder(int capacity) {
        this.enabled = capacity > 0;
        int cap = Math.max(capacity, 2) & ~1; // even, so halving keeps whole pairs
        this.ids = new long[enabled ? cap : 0];
        this.firsts = new long[enabled ? cap : 0];
        this.seconds = new long[enabled ? cap : 0];
    }

    public static TimingRecorder withCapacity(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("recorder capacity must be at least 2 rows");
        }
        return new TimingRecorder(capacity);
    }

    /** The {@code recording} parameter of the benchmarks that have one: on or off. */
    public static boolean recordingOn(String recording) {
        return switch (recording) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("unknown recording '" + recording + "'; allowed: on, off");
        };
    }

    /** A recorder that records nothing: the same calls cost a branch. */
    public static TimingRecorder off() {
        return OFF;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Records message number {@code seq} (0-based, in order) with its id and first time. */
    public void first(long seq, long id, long nanos) {
        if (enabled) {
            recordFirst(seq, id, nanos); // an off recorder returns before taking any lock
        }
    }

    private synchronized void recordFirst(long seq, long id, long nanos) {
        if ((seq & sampleMask) != 0) {
            return;
        }
        int row = (int) (seq >>> sampleShift);
        if (row >= ids.length) {
            halve();
            if ((seq & sampleMask) != 0) {
                return;
            }
            row = (int) (seq >>> sampleShift);
        }
        ids[row] = id;
        firsts[row] = nanos;
        seconds[row] = 0;
        rows = Math.max(rows, row + 1); // worker threads may record out of order
    }

    /** Sets the second time of message {@code seq}, if it is sampled. */
    public void second(long seq, long nanos) {
        if (enabled) {
            recordSecond(seq, nanos);
        }
    }

    private synchronized void recordSecond(long seq, long nanos) {
        if ((seq & sampleMask) != 0) {
            return;
        }
        int row = (int) (seq >>> sampleShift);
        if (row < rows && seconds[row] == 0) {
            seconds[row] = nanos;
        }
    }

    /** Sets the second time of every message up to {@code seqInclusive} that has none yet (multiple ack). */
    public void secondUpTo(long seqInclusive, long nanos) {
        if (enabled) {
            recordSecondUpTo(seqInclusive, nanos);
        }
    }

    private synchronized void recordSecondUpTo(long seqInclusive, long nanos) {
        int last = (int) Math.min(rows - 1L, seqInclusive >>> sampleShift);
        for (int row = lowestOpen; row <= last; row++) {
            if (seconds[row] == 0) {
                seconds[row] = nanos;
            }
        }
        if (last >= lowestOpen) {
            lowestOpen = last + 1;
        }
    }

    private void halve() {
        int kept = 0;
        for (int row = 0; row < rows; row += 2) {
            ids[kept] = ids[row];
            firsts[kept] = firsts[row];
            seconds[kept] = seconds[row];
            kept++;
        }
        Arrays.fill(seconds, kept, seconds.length, 0);
        rows = kept;
        lowestOpen = lowestOpen / 2;
        sampleShift++;
        sampleMask = (1L << sampleShift) - 1;
    }

    public synchronized long sampleEvery() {
        return 1L << sampleShift;
    }

    /** Copies the rows out, for writing after the timed work. */
    public synchronized Rows snapshot() {
        return new Rows(
                Arrays.copyOf(ids, rows), Arrays.copyOf(firsts, rows), Arrays.copyOf(seconds, rows), 1L << sampleShift);
    }

    /** A copy of the recorded rows; times are nanoTime readings, 0 meaning "did not happen". */
    public record Rows(long[] ids, long[] firsts, long[] seconds, long sampleEvery) {

        public int size() {
            return ids.length;
        }

        public static Rows concat(List<Rows> parts) {
            int n = parts.stream().mapToInt(Rows::size).sum();
            long[] i = new long[n];
            long[] f = new long[n];
            long[] s = new long[n];
            int at = 0;
            long every = 1;
            for (Rows r : parts) {
                System.arraycopy(r.ids, 0, i, at, r.size());
                System.arraycopy(r.firsts, 0, f, at, r.size());
                System.arraycopy(r.seconds, 0, s, at, r.size());
                at += r.size();
                every = Math.max(every, r.sampleEvery);
            }
            return new Rows(i, f, s, every);
        }
    }
}
