package org.rabbitmqjmh.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Everything a node the suite starts owns on disk, whether it runs as a child process ({@link LocalNode})
 * or in a container with host networking ({@link ContainerBroker}): one directory under the nodes' root
 * with the node's config, Erlang cookie, TLS certificates, data and logs, and the ports chosen for it on
 * 127.0.0.1. The node is told where everything is through {@link #environment()}, so the same directory,
 * mounted at the same path, serves a container.
 */
final class NodeDirectory {

    static final String DIR_PREFIX = "rmqjmh-";
    static final String USER = "rmqjmh";
    private static final String OWNER_FILE = "owner.pid";
    /** Written by RabbitMQ itself (RABBITMQ_PID_FILE): the beam.smp process. */
    static final String BEAM_FILE = "rabbitmq.pid";

    private final String name;
    private final Path dir;
    private final int amqpPort;
    private final int distPort;
    private final int prometheusPort;
    private final Map<Listener, Integer> ports;
    private final NodeCertificates certificates;
    private final String password;

    private NodeDirectory(
            String name,
            Path dir,
            int amqpPort,
            int distPort,
            int prometheusPort,
            Map<Listener, Integer> ports,
            NodeCertificates certificates,
            String password) {
        this.name = name;
        this.dir = dir;
        this.amqpPort = amqpPort;
        this.distPort = distPort;
        this.prometheusPort = prometheusPort;
        this.ports = ports;
        this.certificates = certificates;
        this.password = password;
    }

    /**
     * A new directory for a node listening for AMQP on {@code amqpPort}, every other port free now;
     * {@code cookie} when the node joins others; {@code consoleLog}: the log on stdout too (a container's,
     * where {@code docker logs} and Testcontainers look for it).
     */
    static NodeDirectory prepare(
            BrokerSettings settings, int amqpPort, Optional<String> cookie, String password, boolean consoleLog) {
        int prometheusPort = Ports.free();
        EnumMap<Listener, Integer> ports = new EnumMap<>(Listener.class);
        for (Listener l : Listener.values()) {
            ports.put(l, l == Listener.AMQP10 ? amqpPort : Ports.free());
        }
        String name = DIR_PREFIX + ProcessHandle.current().pid() + "-" + Secrets.hex(4);
        Path dir = settings.nodesDir().resolve(name);
        try {
            try {
                Files.createDirectories(dir.resolve("home"));
            } catch (NoSuchFileException rootJustRemoved) {
                Files.createDirectories(dir.resolve("home")); // another run's stop removed the empty root meanwhile
            }
            // Whole or not at all: another run's sweep may read it at any moment.
            Path owner =
                    Files.writeString(dir.resolve(OWNER_FILE + ".new"), OwnerProcess.identity(ProcessHandle.current()));
            Files.move(owner, dir.resolve(OWNER_FILE), StandardCopyOption.ATOMIC_MOVE);
            if (cookie.isPresent()) {
                // Erlang refuses a cookie file others can read; the node's rabbitmqctl reads it from the same HOME.
                Path file = dir.resolve("home").resolve(".erlang.cookie");
                Files.writeString(file, cookie.get());
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
            }
            // The broker's own metrics, for watching a run (the pace-matching scenario prints the address).
            Files.writeString(dir.resolve("enabled_plugins"), "[rabbitmq_prometheus].\n");
            Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
            List<String> conf = new ArrayList<>(List.of(
                    "default_user = " + USER,
                    "default_pass = " + password,
                    "loopback_users = none",
                    "log.console = " + consoleLog,
                    "log.file.level = info",
                    "prometheus.tcp.ip = 127.0.0.1",
                    "prometheus.tcp.port = " + prometheusPort));
            // Every protocol's port is chosen now, its plugin enabled only when a trial needs it: ports of
            // plugins not yet loaded can only be set in advanced.config (rabbitmq.conf refuses keys of disabled
            // plugins), and the TLS listener needs its certificates from the start.
            NodeCertificates certificates = NodeCertificates.write(dir.resolve("tls"));
            conf.addAll(List.of(
                    "listeners.ssl.default = 127.0.0.1:" + ports.get(Listener.AMQPS),
                    "ssl_options.cacertfile = " + certificates.caFile(),
                    "ssl_options.certfile = " + certificates.certFile(),
                    "ssl_options.keyfile = " + certificates.keyFile(),
                    "ssl_options.verify = verify_none",
                    "ssl_options.fail_if_no_peer_cert = false"));
            conf.addAll(settings.extraNodeConfig());
            Files.write(dir.resolve("rabbitmq.conf"), conf);
            Files.writeString(dir.resolve("advanced.config"), advancedConfig(ports));
            return new NodeDirectory(name, dir, amqpPort, Ports.free(), prometheusPort, ports, certificates, password);
        } catch (BrokerException e) {
            delete(dir);
            throw e;
        } catch (IOException e) {
            delete(dir);
            throw new BrokerException(
                    "cannot prepare the private node's directory " + dir + ": " + FileProblems.reason(e));
        }
    }

    /** The plugins' listeners on the ports chosen, all on the loopback interface like the node itself. */
    static String advancedConfig(Map<Listener, Integer> ports) {
        String ip = "\"127.0.0.1\"";
        return String.join(
                "\n",
                "[{rabbitmq_stream, [{tcp_listeners, [{" + ip + ", " + ports.get(Listener.STREAM) + "}]},",
                "                    {ssl_listeners, [{" + ip + ", " + ports.get(Listener.STREAM_TLS) + "}]},",
                "                    {advertised_host, <<\"127.0.0.1\">>}, {advertised_port, "
                        + ports.get(Listener.STREAM) + "}]},",
                " {rabbitmq_mqtt, [{tcp_listeners, [{" + ip + ", " + ports.get(Listener.MQTT) + "}]}]},",
                " {rabbitmq_stomp, [{tcp_listeners, [{" + ip + ", " + ports.get(Listener.STOMP) + "}]}]},",
                " {rabbitmq_web_stomp, [{tcp_config, [{ip, {127,0,0,1}}, {port, " + ports.get(Listener.WEB_STOMP)
                        + "}]}]},",
                " {rabbitmq_web_mqtt, [{tcp_config, [{ip, {127,0,0,1}}, {port, " + ports.get(Listener.WEB_MQTT)
                        + "}]}]}",
                "].",
                "");
    }

    /**
     * What RabbitMQ's scripts (server and CLI alike) are told: where this node's files are, its name and
     * ports. The CLI tools need HOME (the cookie) and the plugins file (rabbitmq-plugins writes the node's
     * own list, not the system's).
     */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", dir.resolve("home").toString());
        env.put("RABBITMQ_NODENAME", nodeName());
        env.put("RABBITMQ_USE_LONGNAME", "false");
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", Integer.toString(amqpPort));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve(BEAM_FILE).toString());
        return env;
    }

    String nodeName() {
        return name + "@localhost";
    }

    /** The directory's own name: unique on the machine, and the container's name too. */
    String name() {
        return name;
    }

    Path path() {
        return dir;
    }

    URI uri() {
        return Uris.local(USER, password, amqpPort);
    }

    int amqpPort() {
        return amqpPort;
    }

    URI prometheus() {
        return URI.create("http://127.0.0.1:" + prometheusPort + "/metrics");
    }

    Listeners listeners() {
        return new Listeners("127.0.0.1", ports);
    }

    NodeCertificates certificates() {
        return certificates;
    }

    /** The beam.smp process's pid as RabbitMQ wrote it (in the pid namespace the node runs in). */
    Optional<Long> beamPid() {
        return OwnerProcess.readPid(dir.resolve(BEAM_FILE));
    }

    /**
     * What the node said about its failure: the first error lines (where RabbitMQ names the cause, e.g. an
     * unknown setting) and the last lines (how it ended), with timestamps and Erlang pids trimmed.
     */
    String logTail(int lines, Path... more) {
        List<String> all = new ArrayList<>();
        List<Path> files = new ArrayList<>(List.of(more));
        files.add(dir.resolve("log").resolve(nodeName() + ".log"));
        for (Path p : files) {
            try {
                if (Files.exists(p)) {
                    Files.readAllLines(p).stream()
                            .map(l -> LOG_PREFIX.matcher(l).replaceFirst("$1 ").strip())
                            .filter(l -> !l.isEmpty())
                            .map(Uris::mask)
                            .forEach(all::add);
                }
            } catch (IOException | UncheckedIOException e) {
                // A log we cannot read adds nothing to the message.
            }
        }
        LinkedHashSet<String> picked = new LinkedHashSet<>();
        all.stream()
                .filter(l -> l.startsWith("[error]") || l.contains("Error"))
                .limit(lines / 2)
                .forEach(picked::add);
        all.subList(Math.max(0, all.size() - (lines - picked.size())), all.size())
                .forEach(picked::add);
        return picked.stream().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }

    private static final Pattern LOG_PREFIX =
            Pattern.compile("^\\d{4}-\\d\\d-\\d\\d[ T][0-9:.]+[+-]\\d\\d:\\d\\d (\\[\\w+\\]) <[0-9.]+> ?");

    /** Removes the directory, and the default root under $TMPDIR when no other run's node is in it. */
    void delete() {
        delete(dir);
        if (inDefaultRoot()) {
            try {
                Files.deleteIfExists(dir.getParent());
            } catch (IOException notEmpty) {
                // another run's node lives there
            }
        }
    }

    /** Whether the directory sits in the default root under $TMPDIR, which is ours to remove when empty. */
    boolean inDefaultRoot() {
        return dir.getParent().equals(BrokerSettings.tempDir().resolve(BrokerSettings.DEFAULT_NODES_DIR));
    }

    /** The node directories in {@code nodesDir} whose owning JVM is gone: a killed run's. */
    static List<Path> orphans(Path nodesDir) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(nodesDir)) {
            return found;
        }
        try (var dirs = Files.list(nodesDir)) {
            dirs.filter(d -> d.getFileName().toString().startsWith(DIR_PREFIX) && !ownerAlive(d))
                    .forEach(found::add);
        } catch (IOException | UncheckedIOException e) {
            return found;
        }
        return found;
    }

    private static boolean ownerAlive(Path dir) {
        String owner;
        try {
            owner = Files.readString(dir.resolve(OWNER_FILE));
        } catch (IOException notYet) {
            owner = "";
        }
        if (!owner.matches("\\d+ (t\\d+|-?\\d+)\\s*")) {
            // A directory being set up has no owner file yet: give it the benefit of the doubt for a minute.
            try {
                return Files.getLastModifiedTime(dir).toMillis() > System.currentTimeMillis() - 60_000;
            } catch (IOException e) {
                return false;
            }
        }
        return OwnerProcess.alive(owner).isPresent();
    }

    static void delete(Path root) {
        for (int attempt = 0; attempt < 5 && Files.exists(root); attempt++) {
            try (var paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // A file appeared or vanished while walking (a node writing its last log line): walk again.
            }
            if (Files.exists(root)) {
                Ports.pause(100);
            }
        }
    }
}
