package org.rabbitmqjmh.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What every publisher and queue consumer of this JVM did, in total: the client's side of
 * the broker cross-check, which compares these counts with the broker's own counters around each
 * measurement iteration. Publishers and consumers enter when they open and leave when they close,
 * their counts kept, so a fill publisher closed mid-iteration still counts.
 *
 * <p>Beside each count, how many messages may legitimately be counted on one side and not yet on the
 * other at the instant it is read ("in flight"): a message published but not yet taken by the
 * broker is unconfirmed, so a confirming publisher's in-flight bound is its unconfirmed count; a
 * manual-ack consumer cannot hold more than its prefetch. An auto-ack push consumer has no bound (the
 * broker counts a delivery when it sends it, into socket buffers of any size), so its deliveries can
 * be reported but not checked. Reading is rare (twice per iteration), entering and leaving rarer:
 * one lock, nothing on the per-message path.
 */
public final class ClientTotals {

    /** No bound: the count is reported, not checked. */
    public static final long UNBOUNDED = Long.MAX_VALUE;

    /**
     * How many messages may be counted on one side and not yet on the other: {@code live}, what the
     * open members may have in flight now; {@code closed}, what members left in flight when they closed
     * (a running total), and how many of those had no bound.
     */
    public record InFlight(long live, long closed, long closedUnbounded) {

        /** The disagreement an interval from {@code start} to this may show; {@link #UNBOUNDED} if any. */
        public long since(InFlight start) {
            if (live == UNBOUNDED || start.live == UNBOUNDED || closedUnbounded != start.closedUnbounded) {
                return UNBOUNDED;
            }
            return start.live + live + (closed - start.closed);
        }
    }

    /** The totals at one instant. */
    public record Snapshot(
            long published,
            long confirmed,
            long received,
            long acked,
            InFlight publishes,
            InFlight deliveries,
            InFlight acks) {}

    /**
     * A client the engine does not own (another protocol's, {@code ProtocolBenchmark}'s) that counts into
     * the totals all the same: what it sent, had acknowledged, received and acknowledged, and how many of
     * each may be in flight. It stays for the life of the JVM's trial and is read like the others.
     */
    public interface Member {
        long published();

        long confirmed();

        long received();

        long acked();

        long publishInFlightBound();

        long deliveryInFlightBound();

        long ackInFlightBound();
    }

    /**
     * A publisher of this engine as the totals read it: what it published, what the broker confirmed,
     * and how many of its messages the broker may not have taken yet. Publishers hand one in when they
     * open and close, so the totals need not know the publish path's classes.
     */
    public interface Publishing {
        long published();

        long confirmed();

        long inFlightBound();
    }

    /**
     * A consumer of this engine as the totals read it: deliveries received, manual acks sent, and how
     * many of each may be in flight. Consumers hand one in when they open and close.
     */
    public interface Consuming {
        long received();

        long acked();

        long deliveryInFlightBound();

        long ackInFlightBound();
    }

    private static final List<Member> MEMBERS = new ArrayList<>();
    private static final List<Publishing> PUBLISHERS = new ArrayList<>();
    private static final List<Consuming> CONSUMERS = new ArrayList<>();
    private static long closedPublished;
    private static long closedConfirmed;
    private static long closedReceived;
    private static long closedAcked;
    private static final long[] CLOSED_PUBLISHES = new long[2];
    private static final long[] CLOSED_DELIVERIES = new long[2];
    private static final long[] CLOSED_ACKS = new long[2];

    private ClientTotals() {}

    /** Counts {@code m} from now on, until {@link #left}. */
    public static synchronized void joined(Member m) {
        MEMBERS.add(m);
    }

    /** Stops counting {@code m}, keeping what it counted and what it left in flight. */
    public static synchronized void left(Member m) {
        if (MEMBERS.remove(m)) {
            closedPublished += m.published();
            closedConfirmed += m.confirmed();
            closedReceived += m.received();
            closedAcked += m.acked();
            leave(CLOSED_PUBLISHES, m.publishInFlightBound());
            leave(CLOSED_DELIVERIES, m.deliveryInFlightBound());
            leave(CLOSED_ACKS, m.ackInFlightBound());
        }
    }

    /** Counts the publisher {@code p} from now on, until {@link #closed(Publishing)}. */
    public static synchronized void opened(Publishing p) {
        PUBLISHERS.add(p);
    }

    /** Counts the consumer {@code c} from now on, until {@link #closed(Consuming)}. */
    public static synchronized void opened(Consuming c) {
        CONSUMERS.add(c);
    }

    /** Stops counting the publisher {@code p}, keeping what it counted and what it left in flight. */
    public static synchronized void closed(Publishing p) {
        if (PUBLISHERS.remove(p)) {
            closedPublished += p.published();
            closedConfirmed += p.confirmed();
            leave(CLOSED_PUBLISHES, p.inFlightBound());
        }
    }

    /** Stops counting the consumer {@code q}, keeping what it counted and what it left in flight. */
    public static synchronized void closed(Consuming q) {
        if (CONSUMERS.remove(q)) {
            closedReceived += q.received();
            closedAcked += q.acked();
            leave(CLOSED_DELIVERIES, q.deliveryInFlightBound());
            leave(CLOSED_ACKS, q.ackInFlightBound());
        }
    }

    private static void leave(long[] closed, long bound) {
        if (bound == UNBOUNDED) {
            closed[1]++;
        } else {
            closed[0] += bound;
        }
    }

    /** The totals now. */
    public static synchronized Snapshot now() {
        long published = closedPublished;
        long confirmed = closedConfirmed;
        long publishes = 0;
        for (Publishing p : PUBLISHERS) {
            published += p.published();
            confirmed += p.confirmed();
            // +1: a publisher in the middle of basicPublish has sent a message it has not counted yet.
            publishes = add(publishes, add(p.inFlightBound(), 1));
        }
        long received = closedReceived;
        long acked = closedAcked;
        long deliveries = 0;
        long acks = 0;
        for (Member m : MEMBERS) {
            published += m.published();
            confirmed += m.confirmed();
            received += m.received();
            acked += m.acked();
            publishes = add(publishes, add(m.publishInFlightBound(), 1));
            deliveries = add(deliveries, m.deliveryInFlightBound());
            acks = add(acks, m.ackInFlightBound());
        }
        for (Consuming q : CONSUMERS) {
            received += q.received();
            acked += q.acked();
            deliveries = add(deliveries, q.deliveryInFlightBound());
            acks = add(acks, q.ackInFlightBound());
        }
        return new Snapshot(
                published,
                confirmed,
                received,
                acked,
                new InFlight(publishes, CLOSED_PUBLISHES[0], CLOSED_PUBLISHES[1]),
                new InFlight(deliveries, CLOSED_DELIVERIES[0], CLOSED_DELIVERIES[1]),
                new InFlight(acks, CLOSED_ACKS[0], CLOSED_ACKS[1]));
    }

    private static long add(long a, long b) {
        return a == UNBOUNDED || b == UNBOUNDED ? UNBOUNDED : a + b;
    }
}
