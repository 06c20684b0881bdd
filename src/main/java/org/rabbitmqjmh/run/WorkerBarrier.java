package org.rabbitmqjmh.run;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerSource;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.SocketIo;

/**
 * Lets N workers on N hosts (the pods of an Indexed Kubernetes Job) start measuring together, with the
 * broker they load as the only thing they share: each worker declares the queue
 * {@code rabbitmq-jmh.barrier.<run id>.<index>} and waits until the queues of all N indexes exist. No
 * coordinator service, no open port between the workers. The queues carry {@code x-expires}, so the
 * broker drops them ten minutes after their worker stopped waiting; no worker deletes them, since a
 * slower one may still be looking for them.
 *
 * <p>Settings, a {@code -D} property winning over its environment variable:
 * {@code RABBITMQJMH_WORKERS}/{@code -Drabbitmqjmh.workers} (absent or 1: no barrier),
 * {@code RABBITMQJMH_WORKER_INDEX}/{@code -Drabbitmqjmh.worker.index}, else {@code JOB_COMPLETION_INDEX},
 * which Kubernetes sets in every pod of an Indexed Job, and {@code RABBITMQJMH_RUN_ID}/{@code
 * -Drabbitmqjmh.run.id}: the same for every worker of one run and new for each run, or a rerun would
 * find the previous run's queues and not wait.
 */
public final class WorkerBarrier {

    public static final String WORKERS_ENV = "RABBITMQJMH_WORKERS";
    public static final String WORKERS_PROPERTY = "rabbitmqjmh.workers";
    public static final String INDEX_ENV = "RABBITMQJMH_WORKER_INDEX";
    public static final String INDEX_PROPERTY = "rabbitmqjmh.worker.index";
    public static final String JOB_INDEX_ENV = "JOB_COMPLETION_INDEX";
    public static final String RUN_ID_ENV = "RABBITMQJMH_RUN_ID";
    public static final String RUN_ID_PROPERTY = "rabbitmqjmh.run.id";

    /** For {@link #await}: pods of one Job can be scheduled, and their image pulled, minutes apart. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /** How long a barrier queue outlives its worker's last look (waiting renews it): a killed run leaves little. */
    static final Duration QUEUE_EXPIRY = Duration.ofMinutes(10);

    static final Duration POLL = Duration.ofMillis(200);
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_WORKERS = 1000;

    private final int count;
    private final int index;
    private final String runId;

    WorkerBarrier(int count, int index, String runId) {
        this.count = count;
        this.index = index;
        this.runId = runId;
    }

    /**
     * One worker of several hosts' run (deploy/k8s): all load one broker they reach by its URI, and meet
     * at it before the first fork, so that their measurements overlap. Nothing without workers.
     */
    public void meetAt(Broker broker, PrintStream err) {
        if (!enabled()) {
            return;
        }
        if (broker.source() != BrokerSource.URI) {
            throw new IllegalArgumentException(count + " workers (" + WORKERS_ENV + ") must load one broker they all "
                    + "reach: give its URI (RABBITMQ_URI), not a "
                    + broker.source().label());
        }
        err.printf("workers: %d of run %s, this one %d; waiting for the others at the broker%n", count, runId, index);
        long t0 = System.nanoTime();
        await(broker.uri(), DEFAULT_TIMEOUT);
        err.printf("workers: all %d arrived after %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
    }

    public static WorkerBarrier fromEnvironment() {
        return from(System.getProperties()::getProperty, System.getenv());
    }

    /** As {@link #fromEnvironment()}, from the given properties and environment (tests). */
    static WorkerBarrier from(Function<String, String> props, Map<String, String> env) {
        String[] workers = setting(props, env, WORKERS_PROPERTY, WORKERS_ENV);
        int count = workers == null ? 1 : parse(workers, 1, MAX_WORKERS, "a whole number from 1 to " + MAX_WORKERS);
        if (count == 1) {
            return new WorkerBarrier(1, 0, "");
        }
        String[] idx = setting(props, env, INDEX_PROPERTY, INDEX_ENV);
        if (idx == null && env.get(JOB_INDEX_ENV) != null) {
            idx = new String[] {env.get(JOB_INDEX_ENV), JOB_INDEX_ENV};
        }
        if (idx == null) {
            throw new IllegalArgumentException(
                    count + " workers need this worker's index: set " + INDEX_ENV + " or -D" + INDEX_PROPERTY
                            + " (0 to " + (count - 1) + "), or run in an Indexed Job, which sets " + JOB_INDEX_ENV);
        }
        int index = parse(idx, 0, count - 1, "a whole number from 0 to " + (count - 1) + " (" + count + " workers)");
        String[] id = setting(props, env, RUN_ID_PROPERTY, RUN_ID_ENV);
        if (id == null) {
            throw new IllegalArgumentException(count + " workers need a run id shared by all of them: set " + RUN_ID_ENV
                    + " or -D" + RUN_ID_PROPERTY + " (1 to 64 of A-Z a-z 0-9 . _ -)");
        }
        if (!RUN_ID.matcher(id[0]).matches()) {
            throw new IllegalArgumentException(
                    id[1] + "='" + id[0] + "' is not a run id: allowed are 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        return new WorkerBarrier(count, index, id[0]);
    }

    /** {value, where it came from}, or null when neither is set. */
    private static String[] setting(
            Function<String, String> props, Map<String, String> env, String property, String variable) {
        String p = props.apply(property);
        if (p != null) {
            return new String[] {p.trim(), "-D" + property};
        }
        String e = env.get(variable);
        return e == null || e.isBlank() ? null : new String[] {e.trim(), variable};
    }

    private static int parse(String[] setting, int min, int max, String allowed) {
        try {
            int v = Integer.parseInt(setting[0]);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the message below says what is allowed
        }
        throw new IllegalArgumentException(setting[1] + "='" + setting[0] + "' is not allowed: expected " + allowed);
    }

    /** False for a lone worker, whose {@link #await} returns at once. */
    public boolean enabled() {
        return count > 1;
    }

    public int count() {
        return count;
    }

    public int index() {
        return index;
    }

    public String runId() {
        return runId;
    }

    /** What a run folder records ({@code environment.properties}), and what {@code WorkerMerge} checks. */
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("worker.index", Integer.toString(index));
        d.put("worker.count", Integer.toString(count));
        d.put("worker.run.id", runId);
        return d;
    }

    /** {@link #describe()} for a worker of several; nothing for a lone run. */
    public Map<String, String> describeIfEnabled() {
        return enabled() ? describe() : Map.of();
    }

    String queue(int i) {
        return "rabbitmq-jmh.barrier." + runId + "." + i;
    }

    /**
     * Announces this worker and returns once all workers have; throws {@link IllegalStateException} naming
     * the missing indexes when {@code timeout} passes first.
     */
    public void await(URI brokerUri, Duration timeout) {
        if (!enabled()) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Connection connection =
                Connections.open(brokerUri, SocketIo.CLASSIC, "rabbitmq-jmh barrier " + runId + "." + index);
        try (Channel own = connection.createChannel()) {
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                missing.add(i);
            }
            while (true) {
                // Declared again every round: a redeclare renews x-expires, so a worker that waits longer than the
                // expiry keeps its queue. Not exclusive nor auto-delete: the queue must outlive this connection,
                // for workers that arrive after this one has passed and gone.
                own.queueDeclare(queue(index), false, false, false, Map.of("x-expires", QUEUE_EXPIRY.toMillis()));
                // A failed passive declare closes its channel: one fresh channel per look.
                missing.removeIf(i -> exists(connection, queue(i)));
                if (missing.isEmpty()) {
                    return;
                }
                if (System.nanoTime() >= deadline) {
                    throw new IllegalStateException(String.format(
                            "barrier: %d of %d workers of run %s arrived after %.1f s;" + " missing worker indexes %s",
                            count - missing.size(), count, runId, (System.nanoTime() - start) / 1e9, missing));
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("barrier: cannot declare " + queue(index) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("barrier: interrupted while waiting for the workers of run " + runId, e);
        } finally {
            Connections.closeQuietly(connection);
        }
    }

    private static boolean exists(Connection connection, String queue) {
        try {
            Channel ch = connection.createChannel();
            ch.queueDeclarePassive(queue);
            Connections.closeQuietly(ch);
            return true;
        } catch (IOException e) {
            // 404 NOT_FOUND: that worker has not arrived yet (the broker has closed the channel)
            if (!connection.isOpen()) {
                throw new IllegalStateException("barrier: the broker closed the connection: " + e.getMessage(), e);
            }
            return false;
        }
    }
}
