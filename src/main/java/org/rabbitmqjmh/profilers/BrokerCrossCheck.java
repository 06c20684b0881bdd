package org.rabbitmqjmh.profilers;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;
import org.rabbitmqjmh.broker.BrokerCounters;
import org.rabbitmqjmh.broker.BrokerSettings;
import org.rabbitmqjmh.engine.ClientTotals;

/**
 * The broker as a second witness of every measurement iteration. Before and after the iteration it
 * reads the broker's own counters ({@link BrokerCounters}) and the client's ({@link ClientTotals}),
 * reports both as secondary results ({@code broker.received} beside {@code client.published}, and so
 * on: message counts, summed like JMH's EVENTS counters), and fails the trial when they disagree by more
 * than the iteration's boundaries explain: the messages that may be in flight at either end (a
 * confirming publisher's unconfirmed ones, a manual-ack consumer's prefetch) plus what the client did
 * while the broker was being read. A queue that dropped messages (drop-head at its length limit) fails
 * the trial too: the score would count messages no consumer got.
 *
 * <p>Counts that have no bound (deliveries to an auto-ack push consumer, which the broker counts as it
 * writes them into socket buffers) are reported and not checked. The counters are the broker's global
 * ones, so the check assumes no other client uses the broker during the run: true of the suite's own
 * node or container; for a URI broker, see README. benchmarks.jar adds this profiler to every run.
 */
public final class BrokerCrossCheck implements InternalProfiler {

    private static volatile BrokerCounters counters;
    private static volatile boolean watching;
    /** The reading taken as the trial's broker closed (at its last iteration's teardown), if it did. */
    private static volatile Reading lastWords;

    private static volatile boolean saidOff;

    /** Both witnesses at one instant: the client read before and after the broker. */
    record Reading(ClientTotals.Snapshot before, BrokerCounters.Counts broker, ClientTotals.Snapshot after) {

        static Reading take(BrokerCounters c) {
            ClientTotals.Snapshot before = ClientTotals.now();
            BrokerCounters.Counts b = c.read();
            return new Reading(before, b, ClientTotals.now());
        }
    }

    private Reading start;

    /**
     * Called by the trial's broker state: the benchmark uses a broker whose counters are at
     * {@code endpoints} (a cluster's, one per node), or, if none, one without them (said once, then the
     * cross-check is off).
     */
    public static void watch(List<URI> endpoints) {
        watching = true;
        if (!endpoints.isEmpty()) {
            if (counters == null || !counters.endpoints().equals(endpoints)) {
                counters = BrokerCounters.at(endpoints);
            }
        } else if (!saidOff && !BrokerSettings.METRICS_OFF.equals(System.getProperty(BrokerSettings.METRICS_URI))) {
            // Told "off" (by the launcher, which said so once for the run, or by the user): nothing to say.
            saidOff = true;
            System.err.println("cross-check: off, the broker serves no rabbitmq_prometheus counters here; " + "give -D"
                    + BrokerSettings.METRICS_URI + "=http://host:15692/metrics to turn it on");
        }
    }

    /**
     * Called by the trial's broker state just before it releases the broker: a broker the trial itself
     * started stops at teardown, which runs inside the last iteration, so the end of that iteration is
     * read now, while the broker still answers.
     */
    public static void brokerClosing() {
        BrokerCounters c = counters;
        if (c != null && watching) {
            try {
                lastWords = Reading.take(c);
            } catch (RuntimeException e) {
                lastWords = null; // afterIteration reads again and names the failure
            }
        }
        // A node the trial started is gone after this: a later trial in this JVM (-f 0) names its own.
        counters = null;
        watching = false;
    }

    @Override
    public String getDescription() {
        return "rabbitmq-jmh broker cross-check: the broker's own message counters beside the client's, per iteration";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        start = null;
        lastWords = null;
        BrokerCounters c = counters();
        if (iterationParams.getType() == IterationType.MEASUREMENT && c != null) {
            start = Reading.take(c);
        }
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        Reading end = lastWords;
        lastWords = null;
        if (start == null || end == null && !watching) {
            return List.of();
        }
        if (end == null) {
            BrokerCounters c = counters();
            if (c == null) {
                return List.of();
            }
            end = Reading.take(c);
        }
        Check check = new Check(start, end);
        start = null;
        List<Result> out = check.results();
        check.failures().stream().findFirst().ifPresent(f -> {
            throw new IllegalStateException(f);
        });
        return out;
    }

    /** The trial's counters: those its broker state named, else those the launcher handed the fork. */
    private static BrokerCounters counters() {
        if (counters == null) {
            String given = System.getProperty(BrokerSettings.METRICS_URI);
            if (given != null && !given.equals(BrokerSettings.METRICS_OFF)) {
                counters = BrokerCounters.at(BrokerCounters.parseEndpoints(given));
            }
        }
        return counters;
    }

    /** One iteration's comparison. */
    static final class Check {

        private final BrokerCounters.Counts broker;
        private final ClientTotals.Snapshot client;
        private final List<String> failures = new ArrayList<>();

        Check(Reading start, Reading end) {
            broker = end.broker().minus(start.broker());
            // The client's counts at the moment the broker was read, as best known: midway between the
            // readings before and after it (from before to after would add the client's movement during
            // both broker reads, a bias of about rate x read time in the client's favour).
            client = difference(midway(start), midway(end));
            // The client's own movement while the broker was read, at each end, is part of the boundary.
            ClientTotals.Snapshot moveStart = difference(start.before(), start.after());
            ClientTotals.Snapshot moveEnd = difference(end.before(), end.after());
            long publishes = end.after().publishes().since(start.before().publishes());
            compare(
                    "received",
                    broker.received(),
                    "published",
                    client.published(),
                    publishes,
                    moveStart.published() + moveEnd.published());
            compare(
                    "confirmed",
                    broker.confirmed(),
                    "confirmed",
                    client.confirmed(),
                    publishes,
                    moveStart.confirmed() + moveEnd.confirmed());
            compare(
                    "delivered",
                    broker.delivered(),
                    "received",
                    client.received(),
                    end.after().deliveries().since(start.before().deliveries()),
                    moveStart.received() + moveEnd.received());
            compare(
                    "acknowledged",
                    broker.acknowledged(),
                    "acked",
                    client.acked(),
                    end.after().acks().since(start.before().acks()),
                    moveStart.acked() + moveEnd.acked());
            if (broker.dropped() > 0) {
                failures.add(String.format(
                        "broker cross-check: the broker dropped %,d messages from a full queue "
                                + "(rabbitmq_global_messages_dead_lettered_*_total with no dead-letter target); the score would count "
                                + "messages no consumer got",
                        broker.dropped()));
            }
            if (broker.unroutable() > 0) {
                failures.add(String.format(
                        "broker cross-check: the broker could not route %,d messages "
                                + "(rabbitmq_global_messages_unroutable_*_total)",
                        broker.unroutable()));
            }
        }

        private static ClientTotals.Snapshot midway(Reading r) {
            ClientTotals.Snapshot a = r.before();
            ClientTotals.Snapshot b = r.after();
            return new ClientTotals.Snapshot(
                    (a.published() + b.published()) / 2,
                    (a.confirmed() + b.confirmed()) / 2,
                    (a.received() + b.received()) / 2,
                    (a.acked() + b.acked()) / 2,
                    null,
                    null,
                    null);
        }

        private static ClientTotals.Snapshot difference(ClientTotals.Snapshot from, ClientTotals.Snapshot to) {
            return new ClientTotals.Snapshot(
                    to.published() - from.published(),
                    to.confirmed() - from.confirmed(),
                    to.received() - from.received(),
                    to.acked() - from.acked(),
                    null,
                    null,
                    null);
        }

        private void compare(
                String brokerName, long brokerCount, String clientName, long clientCount, long inFlight, long moved) {
            if (inFlight == ClientTotals.UNBOUNDED) {
                return;
            }
            long allowed = inFlight + moved;
            long apart = Math.abs(brokerCount - clientCount);
            if (apart > allowed) {
                failures.add(String.format(
                        "broker cross-check: the broker counted %,d messages %s "
                                + "(rabbitmq_global_messages_%s_total) where the client %s %,d: %,d apart, more than the %,d "
                                + "the iteration's boundaries explain",
                        brokerCount, brokerName, brokerName, clientName, clientCount, apart, allowed));
            }
        }

        List<String> failures() {
            return failures;
        }

        List<Result> results() {
            List<Result> out = new ArrayList<>();
            out.add(count("broker.received", broker.received()));
            out.add(count("broker.confirmed", broker.confirmed()));
            out.add(count("broker.delivered", broker.delivered()));
            out.add(count("broker.acked", broker.acknowledged()));
            out.add(count("broker.dropped", broker.dropped()));
            out.add(count("broker.dead-lettered", broker.deadLettered()));
            out.add(count("client.published", client.published()));
            out.add(count("client.confirmed", client.confirmed()));
            out.add(count("client.received", client.received()));
            out.add(count("client.acked", client.acked()));
            // The broker's work per message, counted rather than timed: the Erlang VM's reductions between
            // the iteration's readings (every node's), over the messages through the client.
            long messages = client.published() > 0 ? client.published() : client.received();
            if (messages > 0 && broker.reductions() > 0) {
                out.add(CostMetric.BROKER_REDUCTIONS.result((double) broker.reductions() / messages));
            }
            return out;
        }

        private static Result count(String name, long value) {
            return new ScalarResult(name, value, "msgs", AggregationPolicy.SUM);
        }
    }
}
