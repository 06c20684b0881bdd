package org.rabbitmqjmh.programs;

import java.util.Locale;

/**
 * One failover, as the clients saw it. The windows run from the kill to the first confirm (and the first
 * delivery) of a message published after the kill: messages already on their way when the node died
 * say nothing about when the queue took new work again.
 */
record FailoverResult(
        Failover.Kill kill,
        int nodes,
        FailoverLoad.Settings load,
        FailoverLoad.Counts counts,
        long firstIdAfterKill,
        long killedAtNanos,
        String leaderBefore,
        String leaderAfter,
        String freshChannel) {

    /** Milliseconds from the kill to {@code atNanos}; -1 when it never happened. */
    private long since(long atNanos) {
        return atNanos == 0 ? -1 : (atNanos - killedAtNanos) / 1_000_000;
    }

    long publishWindowMs() {
        return since(counts.firstConfirmAfterKillNanos());
    }

    long consumeWindowMs() {
        return since(counts.firstDeliveryAfterKillNanos());
    }

    /** No confirmed message lost and the publisher confirmed again: lost messages or a publisher the failover
     * left refused are each a result to act on (exit 1). */
    boolean succeeded() {
        return lost() == 0 && publishWindowMs() >= 0;
    }

    long lost() {
        return counts.lost();
    }

    /** Key: value lines, the first naming the run, so that runs can be pasted one after the other. */
    String describe() {
        FailoverLoad.Counts c = counts;
        return String.join(
                        "\n",
                        "failover: kill=" + kill.name().toLowerCase(Locale.ROOT).replace('_', '-') + " nodes=" + nodes
                                + " rate=" + load.rate() + "/s window=" + load.window() + " size=" + load.size() + " B",
                        "  leader: " + leaderBefore + " -> " + leaderAfter,
                        "  publish unavailable: "
                                + (publishWindowMs() < 0 ? "never confirmed again" : publishWindowMs() + " ms")
                                + " (kill to the first confirm of a message published after it)",
                        "  consume unavailable: "
                                + (consumeWindowMs() < 0 ? "never delivered again" : consumeWindowMs() + " ms")
                                + " (kill to the first delivery of a message published after it)",
                        "  published: " + c.published() + " (" + c.republished()
                                + " of them again, their confirm lost with the "
                                + "connection), confirmed: " + c.confirmed() + ", nacked: " + c.nacked()
                                + ", unconfirmed at the end: "
                                + c.unconfirmed(),
                        "  delivered: " + c.delivered() + ", duplicates: " + c.duplicates()
                                + ", lost (confirmed, never delivered): " + c.lost(),
                        "  recoveries: publisher " + c.publisherRecoveries() + ", consumer " + c.consumerRecoveries())
                + (freshChannel.isEmpty()
                        ? ""
                        : "\n  a new channel on the publisher's connection, one message: " + freshChannel);
    }
}
