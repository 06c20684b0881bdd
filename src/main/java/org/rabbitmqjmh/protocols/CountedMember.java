package org.rabbitmqjmh.protocols;

import org.rabbitmqjmh.engine.ClientTotals;

/**
 * A protocol trial as the broker cross-check and the cost profiler count it: the publish side comes from
 * its {@link TrialCounts} (sent, acknowledged, at most the windows in flight); the trial says what its
 * consumers received and acknowledged, and what of that may be in flight.
 */
public abstract class CountedMember implements ClientTotals.Member {

    private final TrialCounts counts;

    protected CountedMember(TrialCounts counts) {
        this.counts = counts;
    }

    @Override
    public long published() {
        return counts.sent();
    }

    @Override
    public long confirmed() {
        return counts.acked();
    }

    @Override
    public long publishInFlightBound() {
        return counts.windows();
    }
}
