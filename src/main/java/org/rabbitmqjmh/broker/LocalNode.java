package org.rabbitmqjmh.broker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.rabbitmqjmh.host.Affinity;

/**
 * A private RabbitMQ node run as a child process, all its files in one {@link NodeDirectory} that is
 * removed when the node stops.
 *
 * <p>It must not outlive its run. A normal exit and Ctrl-C stop it through {@link #close()} (a shutdown
 * hook covers the latter). A SIGKILLed JVM cannot run hooks, so a small shell watchdog started beside
 * the node stops it when the owning JVM disappears; and should the watchdog be killed too,
 * {@link #reapOrphans(Path)}, called before every start, stops nodes whose owner is gone.
 */
public final class LocalNode extends StartedNode {

    private static final String WRAPPER_FILE = "wrapper.pid";
    private static final String WATCHDOG_FILE = "watchdog.pid";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int START_ATTEMPTS = 3;

    private static final String WATCHDOG_SCRIPT = String.join(
            "\n",
            "trap '' INT HUP",
            "owner=$1; dir=$2; wrapper=$3",
            "while kill -0 \"$owner\" 2>/dev/null; do [ -d \"$dir\" ] || exit 0; sleep 1; done",
            "[ -d \"$dir\" ] || exit 0",
            "beam=$(cat \"$dir/rabbitmq.pid\" 2>/dev/null)",
            "kill -TERM \"$wrapper\" 2>/dev/null; [ -n \"$beam\" ] && kill -TERM \"$beam\" 2>/dev/null",
            "i=0; while [ -n \"$beam\" ] && kill -0 \"$beam\" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i+1)); done",
            "[ -n \"$beam\" ] && kill -KILL \"$beam\" 2>/dev/null; kill -KILL \"$wrapper\" 2>/dev/null",
            "rm -rf \"$dir\"",
            "[ -n \"$4\" ] && rmdir \"$4\" 2>/dev/null; exit 0");

    private final Path serverScript;
    private final Process wrapper;
    private final Process watchdog;
    private final StopOnExit stopOnExit;
    private final Plugins plugins = new Plugins();

    private LocalNode(NodeDirectory files, Path serverScript, Process wrapper, Process watchdog) {
        super(files);
        this.serverScript = serverScript;
        this.wrapper = wrapper;
        this.watchdog = watchdog;
        this.stopOnExit = new StopOnExit("rabbitmq-jmh-node-stop", this::stop);
    }

    /** Starts a node and returns once it accepts AMQP connections; throws with its log tail if it cannot. */
    static LocalNode start(Path serverScript, BrokerSettings settings) {
        return start(serverScript, settings, Optional.empty(), settings.localPort(), Secrets.hex(12));
    }

    /**
     * As {@link #start(Path, BrokerSettings)}, with the Erlang cookie {@code cookie} and the password
     * {@code password} (the nodes of a {@link LocalCluster} share both: a node that joins at boot takes
     * the cluster's users, not its own) and the AMQP port {@code givenPort} (else a free one).
     */
    static LocalNode start(
            Path serverScript,
            BrokerSettings settings,
            Optional<String> cookie,
            Optional<Integer> givenPort,
            String password) {
        Leftovers.removeNodes(settings.nodesDir());
        givenPort.ifPresent(port -> {
            if (!Ports.isFree(port)) {
                throw new BrokerException("port " + port + " (-D" + BrokerSettings.LOCAL_PORT + ") is already in use; "
                        + "choose a free port or leave -D" + BrokerSettings.LOCAL_PORT + " unset to get one");
            }
        });
        BrokerException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            long t0 = System.nanoTime();
            NodeDirectory files =
                    NodeDirectory.prepare(settings, givenPort.orElseGet(Ports::free), cookie, password, false);
            LocalNode node = launch(serverScript, settings, files);
            try {
                String version = node.awaitReady(settings.startTimeout());
                node.answered(version, Duration.ofNanos(System.nanoTime() - t0));
                return node;
            } catch (BrokerException e) {
                String log = node.logTail(12);
                node.close();
                boolean portRace = log.contains("eaddrinuse") && givenPort.isEmpty();
                last = new BrokerException(e.getMessage() + (log.isEmpty() ? "" : "; last lines of its log:\n" + log));
                if (!portRace) {
                    throw last;
                }
                // Another process took the free port between our probe and the node's bind: try new ports.
            }
        }
        throw last;
    }

    private static LocalNode launch(Path script, BrokerSettings settings, NodeDirectory files) {
        Path dir = files.path();
        // On CPUs of its own when the launcher split them (run.CpuSplit): taskset's affinity is inherited by
        // the Erlang VM the script execs, and the VM starts one scheduler per CPU it may use.
        // In a session of its own: a Ctrl-C in the terminal goes to the launcher's whole process group, and
        // the node would shut down under the fork the launcher is stopping; the launcher stops it itself.
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        settings.cpus().ifPresent(cpus -> command.addAll(List.of("taskset", "-c", cpus)));
        command.add(script.toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.out").toFile());
        Map<String, String> env = pb.environment();
        env.putAll(files.environment());
        env.remove("RABBITMQ_URI");
        Process wrapper;
        Process watchdog;
        try {
            wrapper = pb.start();
            Files.writeString(dir.resolve(WRAPPER_FILE), OwnerProcess.identity(wrapper.toHandle()));
            watchdog = new ProcessBuilder(
                            "/bin/sh",
                            "-c",
                            WATCHDOG_SCRIPT,
                            "rabbitmq-jmh-watchdog",
                            Long.toString(ProcessHandle.current().pid()),
                            dir.toString(),
                            Long.toString(wrapper.pid()),
                            files.inDefaultRoot() ? dir.getParent().toString() : "")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(true)
                    .start();
            Files.writeString(dir.resolve(WATCHDOG_FILE), OwnerProcess.identity(watchdog.toHandle()));
        } catch (IOException e) {
            files.delete();
            throw new BrokerException("cannot run " + script + ": " + e.getMessage());
        }
        return new LocalNode(files, script, wrapper, watchdog);
    }

    /** The node's version once it accepts logins. */
    private String awaitReady(Duration timeout) {
        String what = "the private RabbitMQ node " + nodeName();
        return BrokerProbe.awaitVersion(files.amqpPort(), uri(), timeout, what, () -> {
            if (!wrapper.isAlive()) {
                throw new BrokerException(what + " exited with code " + wrapper.exitValue() + " before it was ready");
            }
        });
    }

    @Override
    public BrokerSource source() {
        return BrokerSource.LOCAL;
    }

    public String nodeName() {
        return files.nodeName();
    }

    public Path directory() {
        return files.path();
    }

    /** The beam.smp process, once RabbitMQ wrote its pid file. */
    public Optional<ProcessHandle> beamProcess() {
        return files.beamPid().flatMap(ProcessHandle::of);
    }

    @Override
    public Optional<String> cpuSource() {
        return beamProcess().map(p -> BrokerCpu.ofProcess(p.pid()));
    }

    /** The Erlang VM's threads and its helpers (erl_child_setup, inet_gethost) move together. */
    @Override
    public void moveTo(String cpus) {
        ProcessHandle beam = beamProcess()
                .orElseThrow(() -> new BrokerException(
                        "cannot move the node " + nodeName() + " to CPUs " + cpus + ": its Erlang VM is not running"));
        try {
            Affinity.set(beam.pid(), cpus);
            beam.descendants().forEach(p -> Affinity.set(p.pid(), cpus));
        } catch (IllegalStateException e) {
            throw new BrokerException(
                    "cannot move the node " + nodeName() + " to CPUs " + cpus + ": " + e.getMessage());
        }
    }

    /** The names of the queues on this node, asked of its own rabbitmqctl. */
    public List<String> queueNames() {
        return rabbitmqctl("list_queues", "-q", "--no-table-headers", "name")
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
    }

    /** This node's own rabbitmqctl, which needs the node's cookie (in its HOME). */
    @Override
    public String rabbitmqctl(String... args) {
        return cli("rabbitmqctl", args);
    }

    /**
     * Enables the plugins of {@code needed} not yet enabled, with the node's own rabbitmq-plugins (online:
     * the node starts them without a restart), and waits until every listener accepts connections.
     */
    @Override
    public void enable(Collection<Listener> needed) {
        plugins.enable(needed, missing -> {
            List<String> args = new ArrayList<>(List.of("enable"));
            args.addAll(missing);
            cli("rabbitmq-plugins", args.toArray(String[]::new));
        });
        listeners().awaitListening(needed, "the private node", Duration.ofSeconds(30));
    }

    /** The plugins this node was asked to enable, beyond rabbitmq_prometheus. */
    public Set<String> enabledPlugins() {
        return plugins.enabled();
    }

    private String cli(String tool, String... args) {
        Path ctl = serverScript.resolveSibling(tool);
        List<String> command = new ArrayList<>(List.of(ctl.toString(), "-n", nodeName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = files.environment();
        for (String key : List.of("HOME", "RABBITMQ_CONF_ENV_FILE", "RABBITMQ_ENABLED_PLUGINS_FILE")) {
            pb.environment().put(key, env.get(key));
        }
        try {
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BrokerException(tool + " " + args[0] + " did not answer within 60 s");
            }
            String out = new String(p.getInputStream().readAllBytes());
            if (p.exitValue() != 0) {
                throw new BrokerException(tool + " " + args[0] + " failed: " + Uris.mask(out.strip()));
            }
            return out;
        } catch (IOException e) {
            throw new BrokerException("cannot run " + ctl + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while running " + tool + " " + args[0]);
        }
    }

    @Override
    public void close() {
        stopOnExit.run();
    }

    private void stop() {
        Optional<ProcessHandle> beam = beamProcess();
        if (beam.isEmpty()) {
            beam = wrapper.descendants()
                    .filter(p -> p.info().command().orElse("").contains("beam"))
                    .findFirst();
        }
        terminate(Optional.of(wrapper.toHandle()), beam, STOP_TIMEOUT);
        watchdog.destroyForcibly();
        files.delete();
    }

    String logTail(int lines) {
        return files.logTail(lines, files.path().resolve("console.out"));
    }

    /**
     * Stops and removes every node in {@code nodesDir} whose owning JVM is gone. A node whose owner still
     * runs (a parallel run, another test JVM) is left alone.
     */
    public static int reapOrphans(Path nodesDir) {
        List<Path> orphans = NodeDirectory.orphans(nodesDir);
        for (Path dir : orphans) {
            OwnerProcess.alive(dir.resolve(WATCHDOG_FILE)).ifPresent(ProcessHandle::destroyForcibly);
            Optional<ProcessHandle> beam = OwnerProcess.readPid(dir.resolve(NodeDirectory.BEAM_FILE))
                    .flatMap(ProcessHandle::of)
                    .filter(p -> p.info()
                            .arguments()
                            .map(a -> String.join(" ", a))
                            .orElse("")
                            .contains(dir.toString()));
            terminate(OwnerProcess.alive(dir.resolve(WRAPPER_FILE)), beam, Duration.ofSeconds(5));
            NodeDirectory.delete(dir);
        }
        return orphans.size();
    }

    /**
     * SIGTERM to the wrapper script (which asks the node for a clean stop) and to beam.smp; after
     * {@code grace}, SIGKILL to whatever still runs.
     */
    private static void terminate(Optional<ProcessHandle> wrapper, Optional<ProcessHandle> beam, Duration grace) {
        wrapper.ifPresent(ProcessHandle::destroy);
        beam.ifPresent(ProcessHandle::destroy);
        awaitExit(beam, grace);
        beam.ifPresent(ProcessHandle::destroyForcibly);
        awaitExit(beam, Duration.ofSeconds(5));
        wrapper.ifPresent(ProcessHandle::destroyForcibly);
    }

    private static void awaitExit(Optional<ProcessHandle> process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isPresent() && process.get().isAlive() && System.nanoTime() < deadline) {
            Ports.pause(50);
        }
    }
}
