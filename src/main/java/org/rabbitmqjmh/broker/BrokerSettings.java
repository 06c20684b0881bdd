package org.rabbitmqjmh.broker;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the user said about the broker, read once from system properties and the environment.
 * System properties win over environment variables so a single run can override a shell's setting.
 */
public record BrokerSettings(
        Optional<String> uri,
        String uriOrigin,
        Optional<BrokerSource> forcedSource,
        String image,
        List<Path> serverScripts,
        Optional<Integer> localPort,
        Path nodesDir,
        Duration startTimeout,
        List<String> extraNodeConfig,
        Optional<String> cpus,
        int clusterSize) {

    public static final String URI = "rabbitmq.uri";
    /** Where the launcher hands its broker's URI to the forks, so no password is on a command line. */
    public static final String URI_FILE = "rabbitmq.uri.file";

    public static final String URI_ENV = "RABBITMQ_URI";
    public static final String BROKER = "rabbitmq.broker";
    /**
     * The same choice from the environment (auto, container, local) for runs that name no URI;
     * -Drabbitmq.broker wins over it, and so does a URI.
     */
    public static final String BROKER_ENV = "RABBITMQ_BROKER";

    public static final String IMAGE = "rabbitmq.image";
    public static final String HOME = "rabbitmq.home";
    public static final String HOME_ENV = "RABBITMQ_HOME";
    public static final String LOCAL_PORT = "rabbitmq.local.port";
    public static final String NODES_DIR = "rabbitmq.local.dir";
    /** The private nodes' root under {@link #tempDir()} unless {@link #NODES_DIR} names another. */
    public static final String DEFAULT_NODES_DIR = "rabbitmq-jmh-nodes";

    public static final String START_TIMEOUT = "rabbitmq.start.timeout";
    /** How many private nodes to start and join into one cluster (1, the default, is a single node). */
    public static final String CLUSTER = "rabbitmq.cluster";

    public static final int MAX_CLUSTER = 7;
    /**
     * The Prometheus endpoint of a URI broker's {@code rabbitmq_prometheus} plugin, for the broker
     * cross-check; {@link #METRICS_OFF} turns the check off. Unset, {@code http://HOST:15692/metrics}
     * is tried. The launcher hands its broker's endpoint to the forks this way.
     */
    public static final String METRICS_URI = "rabbitmq.metrics.uri";

    public static final String METRICS_OFF = "off";

    /** Pinned container image; -Drabbitmq.image overrides it. */
    public static final String DEFAULT_IMAGE = "rabbitmq-jmh/rabbitmq:4.0.5";
    /** Debian's scripts that run as the caller (the sbin wrapper would switch to the rabbitmq user). */
    public static final Path DEBIAN_SERVER_SCRIPT = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

    public BrokerSettings {
        uri = uri.filter(u -> !u.isBlank());
        serverScripts = List.copyOf(serverScripts);
        extraNodeConfig = List.copyOf(extraNodeConfig);
    }

    public static BrokerSettings fromEnvironment() {
        return from(System.getProperties()::getProperty, System.getenv());
    }

    static BrokerSettings from(Function<String, String> props, Map<String, String> env) {
        Optional<String> uri = Optional.empty();
        String origin = "";
        if (props.apply(URI) != null) {
            uri = Optional.of(props.apply(URI));
            origin = "-D" + URI;
        } else if (props.apply(URI_FILE) != null) {
            uri = Optional.of(readUriFile(Path.of(props.apply(URI_FILE))));
            origin = "-D" + URI_FILE;
        } else if (env.get(URI_ENV) != null && !env.get(URI_ENV).isBlank()) {
            uri = Optional.of(env.get(URI_ENV));
            origin = URI_ENV;
        }
        // A fork handed the launcher's broker (its URI file) uses it: JMH gives the forks the launcher's own
        // -D options, and a -Drabbitmq.broker meant for the launcher would start a broker in every fork.
        // RABBITMQ_BROKER is a default for the runs that name no URI: a URI given wins over it.
        Optional<String> envChoice = uri.isPresent() ? Optional.empty() : Optional.ofNullable(env.get(BROKER_ENV));
        Optional<BrokerSource> forced = origin.equals("-D" + URI_FILE)
                ? Optional.empty()
                : Optional.ofNullable(props.apply(BROKER))
                        .or(() -> envChoice)
                        .filter(v -> !v.isBlank() && !v.strip().equals("auto"))
                        .map(BrokerSource::parse);
        String image = Optional.ofNullable(props.apply(IMAGE)).orElse(DEFAULT_IMAGE);

        List<Path> scripts = new ArrayList<>();
        String home = Optional.ofNullable(props.apply(HOME)).orElse(env.get(HOME_ENV));
        if (home != null) {
            // A home the user names is the only place looked at: a wrong one must not silently fall back.
            scripts.add(Path.of(home, "sbin", "rabbitmq-server"));
        } else {
            scripts.add(DEBIAN_SERVER_SCRIPT);
        }
        Optional<Integer> port = Optional.ofNullable(props.apply(LOCAL_PORT)).map(p -> parsePort(p));
        Path nodes = Optional.ofNullable(props.apply(NODES_DIR))
                .map(Path::of)
                .orElse(tempDir().resolve(DEFAULT_NODES_DIR));
        Duration timeout = Duration.ofSeconds(Optional.ofNullable(props.apply(START_TIMEOUT))
                .map(s -> parsePositive(s, START_TIMEOUT))
                .orElse(30));
        int cluster = Optional.ofNullable(props.apply(CLUSTER))
                .map(BrokerSettings::parseClusterSize)
                .orElse(1);
        return new BrokerSettings(
                uri, origin, forced, image, scripts, port, nodes, timeout, List.of(), Optional.empty(), cluster);
    }

    /**
     * The CPUs a broker started here may use (a taskset/cpuset list such as "0" or "0-1"), empty for all;
     * the launcher decides them ({@code run.CpuSplit}). A URI broker is not ours to place.
     */
    public BrokerSettings withCpus(Optional<String> list) {
        Copy c = new Copy(this);
        c.cpus = list;
        return c.settings();
    }

    public BrokerSettings withExtraNodeConfig(List<String> lines) {
        Copy c = new Copy(this);
        c.extraNodeConfig = lines;
        return c.settings();
    }

    public BrokerSettings withLocalPort(int port) {
        Copy c = new Copy(this);
        c.localPort = Optional.of(port);
        return c.settings();
    }

    public BrokerSettings withNodesDir(Path dir) {
        Copy c = new Copy(this);
        c.nodesDir = dir;
        return c.settings();
    }

    public BrokerSettings withImage(String name) {
        Copy c = new Copy(this);
        c.image = name;
        return c.settings();
    }

    /** {@code source} forced, or none ({@code null}): the usual order. */
    public BrokerSettings withForcedSource(BrokerSource source) {
        Copy c = new Copy(this);
        c.forcedSource = Optional.ofNullable(source);
        return c.settings();
    }

    public BrokerSettings withoutUri() {
        Copy c = new Copy(this);
        c.uri = Optional.empty();
        c.uriOrigin = "";
        return c.settings();
    }

    public BrokerSettings withUri(String value, String origin) {
        Copy c = new Copy(this);
        c.uri = Optional.of(value);
        c.uriOrigin = origin;
        return c.settings();
    }

    /**
     * Writes the broker's URIs (a cluster's node by node, node 1 first) to a new file only this user can
     * read, for {@code -D}{@link #URI_FILE}; deleted when this JVM exits, if not before.
     */
    public static Path writeUriFile(List<URI> uris) {
        removeStaleUriFiles();
        // The owner's pid in the name: a run killed before it could delete its file (SIGKILL) leaves one
        // whose owner is gone, and the next run removes it (it holds a password).
        try {
            Path file = Files.createTempFile(
                    tempDir(),
                    URI_FILE_PREFIX + ProcessHandle.current().pid() + "-",
                    ".txt",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            Files.writeString(file, Uris.joinAll(uris));
            return file;
        } catch (IOException e) {
            throw new BrokerException("cannot write the broker's URI for the forks in " + tempDir() + " ($TMPDIR): "
                    + FileProblems.reason(e));
        }
    }

    private static final String URI_FILE_PREFIX = "rabbitmq-jmh-uri-";

    /** Removes URI files whose owning process is gone, and says so in one line. */
    static int removeStaleUriFiles() {
        int removed = 0;
        try (var files = Files.newDirectoryStream(tempDir(), URI_FILE_PREFIX + "*-*.txt")) {
            for (Path f : files) {
                String rest = f.getFileName().toString().substring(URI_FILE_PREFIX.length());
                try {
                    long pid = Long.parseLong(rest.substring(0, rest.indexOf('-')));
                    if (ProcessHandle.of(pid).isEmpty() && Files.deleteIfExists(f)) {
                        removed++;
                    }
                } catch (NumberFormatException | IOException e) {
                    // not one of ours, or not ours to remove
                }
            }
        } catch (IOException e) {
            return removed;
        }
        if (removed > 0) {
            System.err.println("leftovers: removed " + removed + " broker URI file" + (removed == 1 ? "" : "s")
                    + " of an earlier run that was killed");
        }
        return removed;
    }

    /** Where the suite puts its temporary files: $TMPDIR as the README says, else the JVM's java.io.tmpdir. */
    public static Path tempDir() {
        String env = System.getenv("TMPDIR");
        return Path.of(env != null && !env.isBlank() ? env : System.getProperty("java.io.tmpdir"));
    }

    private static String readUriFile(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new BrokerException(
                    "cannot read the broker URI file " + file + " given by -D" + URI_FILE + ": " + e.getMessage());
        }
    }

    /** A cluster of the given size: same settings, for tests and programs that start one directly. */
    public BrokerSettings withClusterSize(int nodes) {
        Copy c = new Copy(this);
        c.clusterSize = nodes;
        return c.settings();
    }

    static int parseClusterSize(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= MAX_CLUSTER) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BrokerException("-D" + CLUSTER + "=" + value + " is not a node count; allowed: 1 to " + MAX_CLUSTER
                + " (1, the default, is a single node)");
    }

    private static int parsePort(String value) {
        int port = parsePositive(value, LOCAL_PORT);
        if (port > 65535) {
            throw new BrokerException("-D" + LOCAL_PORT + "=" + value + " is not a port; allowed: 1..65535");
        }
        return port;
    }

    private static int parsePositive(String value, String name) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BrokerException("-D" + name + "=" + value + " is not a positive whole number");
        }
    }

    /** A copy of settings with fields to change: each wither above sets what it names, the rest stay. */
    private static final class Copy {
        Optional<String> uri;
        String uriOrigin;
        Optional<BrokerSource> forcedSource;
        String image;
        final List<Path> serverScripts;
        Optional<Integer> localPort;
        Path nodesDir;
        final Duration startTimeout;
        List<String> extraNodeConfig;
        Optional<String> cpus;
        int clusterSize;

        Copy(BrokerSettings s) {
            uri = s.uri;
            uriOrigin = s.uriOrigin;
            forcedSource = s.forcedSource;
            image = s.image;
            serverScripts = s.serverScripts;
            localPort = s.localPort;
            nodesDir = s.nodesDir;
            startTimeout = s.startTimeout;
            extraNodeConfig = s.extraNodeConfig;
            cpus = s.cpus;
            clusterSize = s.clusterSize;
        }

        BrokerSettings settings() {
            return new BrokerSettings(
                    uri,
                    uriOrigin,
                    forcedSource,
                    image,
                    serverScripts,
                    localPort,
                    nodesDir,
                    startTimeout,
                    extraNodeConfig,
                    cpus,
                    clusterSize);
        }
    }
}
