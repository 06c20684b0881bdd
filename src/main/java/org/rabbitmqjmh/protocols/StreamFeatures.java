package org.rabbitmqjmh.protocols;

import com.rabbitmq.stream.compression.Compression;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.rabbitmqjmh.broker.BrokerVersion;
import org.rabbitmqjmh.engine.Share;

/**
 * What a stream trial uses of the stream protocol beyond a plain stream, as Stream PerfTest offers it:
 * a super stream of {@code partitions} streams (0: one plain stream), {@code consumers} consumers, in one
 * single-active-consumer group or each on its own, a filter (the share of messages carrying the value the
 * consumers ask for, in runs of {@code filterRun} consecutive messages) and sub-entry batches of
 * {@code subEntry} messages, compressed with {@code compression}. The rules of which go together, and
 * which broker each needs, live here.
 */
public record StreamFeatures(
        int partitions,
        int consumers,
        boolean singleActive,
        Share filter,
        int filterRun,
        int subEntry,
        Compression compression) {

    static final int MAX_PARTITIONS = 64;
    static final int MAX_CONSUMERS = 64;
    static final int MAX_SUB_ENTRY = 10_000;

    /** A plain stream, one consumer, no filter, no sub-entries: what the stream protocol does elsewhere. */
    public static final StreamFeatures PLAIN = new StreamFeatures(0, 1, false, Share.NONE, 1, 1, Compression.NONE);

    /** The params as JMH gives them; throws {@link IllegalArgumentException} naming a bad one and what is allowed. */
    public static StreamFeatures parse(
            int partitions,
            int consumers,
            String singleActive,
            String filter,
            int filterRun,
            int subEntry,
            String compression) {
        range("partitions", partitions, 0, MAX_PARTITIONS, " (0: a plain stream)");
        range("consumers", consumers, 1, MAX_CONSUMERS, "");
        range("filterRun", filterRun, 1, Integer.MAX_VALUE, "");
        range("subEntry", subEntry, 1, MAX_SUB_ENTRY, " (1: no sub-entry batching)");
        boolean sac = onOff("singleActive", singleActive);
        Share share = "off".equals(filter) ? Share.NONE : Share.ofPercent(percent(filter), "filter");
        Compression codec = compression(compression);
        if (codec != Compression.NONE && subEntry == 1) {
            throw new IllegalArgumentException("compression=" + compression + " compresses sub-entry batches, and "
                    + "subEntry=1 makes none; allowed: compression=none, or subEntry=2 or more");
        }
        if (share.any() && subEntry > 1) {
            throw new IllegalArgumentException("filter=" + filter + " with subEntry=" + subEntry + ": the stream "
                    + "client cannot filter sub-entry batches; allowed: filter=off, or subEntry=1");
        }
        return new StreamFeatures(partitions, consumers, sac, share, filterRun, subEntry, codec);
    }

    private static void range(String name, int value, int min, int max, String note) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is out of range; allowed: " + min
                    + (max == Integer.MAX_VALUE ? " or more" : " to " + max) + note);
        }
    }

    private static boolean onOff(String name, String value) {
        if (!"on".equals(value) && !"off".equals(value)) {
            throw new IllegalArgumentException(name + " '" + value + "' is not known; allowed: on, off");
        }
        return "on".equals(value);
    }

    private static int percent(String filter) {
        try {
            return Integer.parseInt(filter);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("filter '" + filter + "' is not known; allowed: off, or the percent of "
                    + "messages that carry the consumers' filter value: 1, 2, 4, 5, 10, 20, 25, 50, 100");
        }
    }

    private static Compression compression(String name) {
        try {
            return Compression.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("compression '" + name + "' is not known; allowed: "
                    + Arrays.stream(Compression.values())
                            .map(c -> c.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", ")));
        }
    }

    /** Refuses, in one line, a feature the broker does not have. */
    public void requireBroker(String version) {
        if (partitions > 0) {
            BrokerVersion.require(version, 3, 11, "a super stream (partitions=" + partitions + ")");
        }
        if (singleActive) {
            BrokerVersion.require(version, 3, 11, "a single active consumer (singleActive=on)");
        }
        if (filter.any()) {
            BrokerVersion.require(version, 3, 13, "stream filtering (filter=" + 100 / filter.every() + ")");
        }
    }

    /** True when the filter picks the message of this sequence number (its publisher's count from 0). */
    public boolean wanted(long sequence) {
        return filter.picks(sequence / filterRun);
    }

    /** Of a publisher's first {@code sent} messages, how many the filter picks. */
    public long wantedIn(long sent) {
        long runs = sent / filterRun;
        long picked = filter.countIn(runs) * filterRun;
        return picked + (wanted(sent - 1) && sent % filterRun != 0 ? sent % filterRun : 0);
    }

    /**
     * How many times each message reaches a consumer: once for a single-active group, once per consumer
     * otherwise (each reads the whole stream or every partition).
     */
    public int deliveriesPerMessage() {
        return singleActive ? 1 : consumers;
    }
}
