package org.rabbitmqjmh.programs;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.AddressResolver;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerResolver;
import org.rabbitmqjmh.broker.BrokerSettings;
import org.rabbitmqjmh.broker.LocalCluster;
import org.rabbitmqjmh.broker.LocalNode;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.Enums;
import org.rabbitmqjmh.engine.SocketIo;

/**
 * Kills the node that leads a quorum queue while a publisher (confirms on) and a consumer (manual acks)
 * use it, and says what the clients saw: how long no new message was confirmed, and none delivered;
 * how many confirms never came and had to be published again; whether any confirmed message was lost
 * (must be 0) and how many were delivered twice. Always on a private cluster it starts and stops itself:
 * killing someone else's node is not a benchmark's business.
 *
 * <p>Two scenarios ({@code --kill}): {@code leader}, where the queue's leader is on node 2 and the
 * clients on nodes 1 and 3, so only the queue fails over (Raft elects a new leader; the clients'
 * channels stay open); and {@code clients-node}, where the leader and both clients are on node 2, so
 * the clients lose their connections too and the client library's automatic recovery reconnects them
 * to another node, where this program publishes again what was not confirmed (at least once).
 *
 * <p>{@code java -cp target/benchmarks.jar org.rabbitmqjmh.programs.Failover --kill leader}
 */
public final class Failover {

    private static final String NAME = "failover";

    private Failover() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    enum Kill {
        LEADER,
        CLIENTS_NODE
    }

    private static final ProgramOptions OPTIONS = new ProgramOptions("Kills a quorum queue's leader node mid-run and "
            + "reports what publisher and consumer saw.\nUsage: java -cp benchmarks.jar " + Failover.class.getName()
            + " [options]");
    private static final ProgramOptions.Option<String> KILL = OPTIONS.text(
            "kill",
            "leader (the queue's leader node, "
                    + "no client on it) or clients-node (the leader's node, both clients on it too)",
            "leader");
    private static final ProgramOptions.Option<Integer> NODES =
            OPTIONS.integer("nodes", "cluster size", 3, 3, BrokerSettings.MAX_CLUSTER);
    private static final ProgramOptions.Option<Integer> RATE =
            OPTIONS.integer("rate", "messages per second the publisher offers", 1000, 1, 100_000);
    private static final ProgramOptions.Option<Integer> WINDOW =
            OPTIONS.integer("window", "outstanding confirms at most", 100, 1, 10_000);
    private static final ProgramOptions.Option<Integer> SIZE =
            OPTIONS.integer("size", "message size in bytes", 16, 16, 1 << 20);
    private static final ProgramOptions.Option<Integer> BEFORE =
            OPTIONS.integer("before", "seconds of publishing before the kill", 5, 1, 600);
    private static final ProgramOptions.Option<Integer> AFTER =
            OPTIONS.integer("after", "seconds of publishing after the kill", 15, 1, 600);
    private static final ProgramOptions.Option<Boolean> HELP = OPTIONS.flag("help", "show this help");

    static int run(String[] args, PrintStream out, PrintStream err) {
        return Programs.guard(NAME, err, () -> {
            ProgramArgs a = OPTIONS.parse(args);
            if (a.get(HELP)) {
                out.print(OPTIONS.help());
                return Programs.OK;
            }
            Kill kill = Enums.parse(Kill.class, a.get(KILL), "--kill");
            int nodes = a.get(NODES);
            FailoverLoad.Settings load = new FailoverLoad.Settings(a.get(RATE), a.get(WINDOW), a.get(SIZE));
            Duration before = Duration.ofSeconds(a.get(BEFORE));
            Duration after = Duration.ofSeconds(a.get(AFTER));
            try (LocalCluster cluster = startCluster(nodes, err)) {
                FailoverResult r = run(cluster, kill, load, before, after, err);
                out.println(r.describe());
                return r.succeeded() ? Programs.OK : Programs.RUNTIME_ERROR;
            }
        });
    }

    private static LocalCluster startCluster(int nodes, PrintStream err) {
        BrokerSettings settings = BrokerSettings.fromEnvironment().withClusterSize(nodes);
        if (settings.uri().isPresent()) {
            throw new IllegalArgumentException("the failover program starts a private cluster and kills one of its "
                    + "nodes; it does not take a broker URI (unset RABBITMQ_URI / -Drabbitmq.uri)");
        }
        // Private nodes even where a Docker engine runs: killing a node is done to a process of ours.
        Broker broker = new BrokerResolver(settings, () -> false).start();
        if (!(broker instanceof LocalCluster cluster)) {
            broker.close();
            throw new IllegalStateException("the failover program needs a private cluster; got "
                    + broker.source().label());
        }
        err.println(NAME + ": " + cluster.describe());
        return cluster;
    }

    /** One failover: the queue, the load, the kill, the wait for every confirm and delivery, the counts. */
    static FailoverResult run(
            LocalCluster cluster,
            Kill kill,
            FailoverLoad.Settings load,
            Duration before,
            Duration after,
            PrintStream err)
            throws Exception {
        List<LocalNode> nodes = cluster.nodes();
        int victim = 1; // node 2: node 1 answers rabbitmqctl for the cluster after the kill
        URI leaderUri = nodes.get(victim).uri();
        URI publisherUri = kill == Kill.LEADER ? nodes.get(0).uri() : leaderUri;
        URI consumerUri = kill == Kill.LEADER ? nodes.get(nodes.size() - 1).uri() : leaderUri;
        String queue = "rabbitmq-jmh-failover-" + Long.toHexString(System.nanoTime());
        declareQuorum(leaderUri, queue, nodes.size());
        String leader = leaderOf(cluster, queue);
        if (!leader.equals(nodes.get(victim).nodeName())) {
            throw new IllegalStateException("the queue's leader is " + leader + ", not node 2 ("
                    + nodes.get(victim).nodeName() + ") where it was declared");
        }
        try (Connection pubConn = connect(publisherUri, cluster, "failover-publisher");
                Connection conConn = connect(consumerUri, cluster, "failover-consumer");
                FailoverLoad run = FailoverLoad.start(pubConn, conConn, queue, load)) {
            Thread.sleep(before.toMillis());
            ProcessHandle beam = nodes.get(victim)
                    .beamProcess()
                    .orElseThrow(() -> new IllegalStateException("node 2 has no Erlang VM to kill"));
            beam.destroyForcibly();
            long killedAt = awaitGone(beam.pid(), Duration.ofSeconds(10));
            long firstIdAfter = run.nextId();
            err.printf(
                    "%s: killed node 2 (%s, the queue's leader) after %d s; publishing %d s more%n",
                    NAME, nodes.get(victim).nodeName(), before.toSeconds(), after.toSeconds());
            Thread.sleep(after.toMillis());
            FailoverLoad.Counts c = run.stopAndSettle(Duration.ofSeconds(60));
            String newLeader = leaderOf(cluster, queue);
            String freshChannel = "";
            if (c.nacked() > 0 || c.firstConfirmAfterKillNanos() == 0) {
                freshChannel = freshChannel(pubConn, queue);
                // The queue as the surviving nodes see it, for the why: its Raft members' states, and the
                // leader the queue's record names (where channels send their publishes).
                err.println(NAME + ": the queue refused or never took messages after the kill; as node 1 sees it:");
                err.println(cluster.rabbitmqctl(
                        "list_queues", "-q", "name", "type", "leader", "online", "members", "state"));
                err.println("the queue record's leader (where channels send publishes): "
                        + cluster.rabbitmqctl(
                                        "eval",
                                        "{ok, Q} = rabbit_amqqueue:lookup(rabbit_misc:r(<<\"/\">>, queue, <<\"" + queue
                                                + "\">>)), " + "amqqueue:get_pid(Q).")
                                .strip());
            }
            return new FailoverResult(
                    kill, nodes.size(), load, c, firstIdAfter, killedAt, leader, newLeader, freshChannel);
        }
    }

    /**
     * Where the recovered channel was refused, one message on a new channel of the same connection: on
     * RabbitMQ 3.10 a channel's quorum-queue client keeps the servers it was given when it first used the
     * queue, so a channel recovered before the queue's record named the new leader can be nacked for good
     * while a new channel is confirmed at once (measured under load, December).
     */
    private static String freshChannel(Connection connection, String queue) {
        long t0 = System.nanoTime();
        try (Channel ch = connection.createChannel()) {
            ch.confirmSelect();
            ByteBuffer body = ByteBuffer.allocate(16).putLong(0, FailoverLoad.PROBE_ID);
            ch.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, body.array());
            boolean acked = ch.waitForConfirms(10_000);
            return (acked ? "confirmed" : "nacked") + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms";
        } catch (TimeoutException e) {
            return "no confirm within 10 s";
        } catch (Exception e) {
            return "failed: " + e.getClass().getSimpleName();
        }
    }

    /**
     * The instant the process has exited (gone, or a zombie its parent has not reaped yet: its sockets
     * are closed either way), read from /proc every millisecond. Not ProcessHandle.onExit: for a process
     * that is not our child the JDK polls it at intervals that would shift the instant the windows are
     * measured from. Not the instant of the signal either: a dying leader can still confirm messages
     * published after it (a first try measured a 2 ms "window" that way).
     */
    private static long awaitGone(long pid, Duration timeout) throws InterruptedException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String s = Files.readString(stat);
                char state = s.charAt(s.lastIndexOf(')') + 2);
                if (state == 'Z' || state == 'X') {
                    return System.nanoTime();
                }
            } catch (IOException gone) {
                return System.nanoTime();
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException(
                "node 2's Erlang VM (pid " + pid + ") was still running " + timeout.toSeconds() + " s after SIGKILL");
    }

    /** A connection that recovers by itself, to the given node first and then to the others. */
    private static Connection connect(URI first, LocalCluster cluster, String name) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(first);
        f.setAutomaticRecoveryEnabled(true);
        f.setTopologyRecoveryEnabled(true);
        f.setNetworkRecoveryInterval(500);
        f.setConnectionTimeout(5000);
        f.setHandshakeTimeout(5000);
        f.setChannelRpcTimeout(10_000);
        f.setRequestedHeartbeat(5);
        List<Address> addresses = new ArrayList<>();
        addresses.add(new Address(first.getHost(), first.getPort()));
        for (LocalNode n : cluster.nodes()) {
            if (!n.uri().equals(first)) {
                addresses.add(new Address(n.uri().getHost(), n.uri().getPort()));
            }
        }
        // In this order, not shuffled (the client shuffles a list by default, to spread connections over a
        // cluster): the scenario decides which node each client is on; recovery tries the others after it.
        AddressResolver inOrder = new AddressResolver() {
            @Override
            public List<Address> getAddresses() {
                return addresses;
            }

            @Override
            public List<Address> maybeShuffle(List<Address> input) {
                return input;
            }
        };
        return f.newConnection((ExecutorService) null, inOrder, "rabbitmq-jmh-" + name);
    }

    /** Through {@code node}: the client-local leader locator puts the leader there. */
    private static void declareQuorum(URI node, String queue, int replicas) throws Exception {
        try (Connection c = Connections.open(node, SocketIo.CLASSIC, "rabbitmq-jmh-failover-admin");
                Channel ch = c.createChannel()) {
            Map<String, Object> qargs = new HashMap<>();
            qargs.put("x-queue-type", "quorum");
            qargs.put("x-quorum-initial-group-size", replicas);
            ch.queueDeclare(queue, true, false, false, qargs);
        }
    }

    /** The node that leads the queue now, as the cluster says. */
    static String leaderOf(LocalCluster cluster, String queue) {
        for (String line :
                (Iterable<String>) cluster.rabbitmqctl("list_queues", "-q", "--no-table-headers", "name", "leader")
                        .lines()::iterator) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && f[0].equals(queue)) {
                return f[1];
            }
        }
        throw new IllegalStateException("the cluster does not list queue " + queue);
    }
}
