package org.rabbitmqjmh.engine;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The broker's back-pressure, named. When a memory or disk alarm goes off, RabbitMQ stops reading from
 * every connection that publishes and says so with {@code connection.blocked}. The client then waits:
 * for a confirm (30 s, then a bare timeout), or inside a socket write with no timeout at all, until
 * JMH's 10-minute iteration timeout. Neither says why.
 *
 * <p>Here every connection we open is watched: blocked for longer than {@link #PATIENCE}, it is aborted
 * with the reason as its close text, which unblocks whatever waits on it, and {@link #cause} names the
 * alarm to whoever reports the failure ("the broker blocked publishing for 5 s: memory alarm"). Five
 * seconds is shorter than every wait of ours on the broker (channel calls 10 s, confirms 30 s), and a
 * measurement the broker held still for that long measures the alarm, not the setting under test.
 * {@code -Drabbitmqjmh.blocked.seconds=N} changes it.
 *
 * <p>Flow control (credit flow, when a queue falls behind its publishers) is not signalled to clients
 * and never stops a connection outright; it shows as a lower rate, which is what a benchmark should
 * measure.
 */
public final class BlockedConnections {

    static final Duration PATIENCE = Duration.ofSeconds(Long.getLong("rabbitmqjmh.blocked.seconds", 5));

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rabbitmq-jmh-blocked-watch");
        t.setDaemon(true);
        return t;
    });
    private static final Map<Connection, String> ABORTED = Collections.synchronizedMap(new WeakHashMap<>());

    private BlockedConnections() {}

    /** Watches {@code c} from now on. */
    static void watch(Connection c) {
        // The listener runs on the connection's own thread, one event at a time.
        AtomicReference<ScheduledFuture<?>> pending = new AtomicReference<>();
        c.addBlockedListener(
                reason -> {
                    if (pending.get() == null) {
                        pending.set(TIMER.schedule(() -> abort(c, reason), PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
                    }
                },
                () -> {
                    ScheduledFuture<?> f = pending.getAndSet(null);
                    if (f != null) {
                        f.cancel(false);
                    }
                });
    }

    private static void abort(Connection c, String reason) {
        String cause = "the broker blocked publishing for " + PATIENCE.toSeconds() + " s: " + alarm(reason);
        ABORTED.put(c, cause);
        // A short wait for close-ok: the broker is not reading this connection, so none will come.
        c.abort(AMQP.CONNECTION_FORCED, cause, 1000);
    }

    /** RabbitMQ's reasons ("low on memory", "low on disk") as the alarm a user would look up. */
    static String alarm(String reason) {
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (r.contains("memory")) {
            return "memory alarm (" + reason + "; vm_memory_high_watermark)";
        }
        if (r.contains("disk")) {
            return "disk alarm (" + reason + "; disk_free_limit)";
        }
        return "resource alarm (" + reason + ")";
    }

    /** Why this connection was aborted, if it was aborted for being blocked. */
    public static Optional<String> cause(Connection c) {
        return Optional.ofNullable(c == null ? null : ABORTED.get(c));
    }
}
