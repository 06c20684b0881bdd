package org.rabbitmqjmh.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A private RabbitMQ node run as a child process: its own node name, ports, data, logs, config and
 * Erlang cookie, all inside one directory that is removed when the node stops.
 *
 * <p>It must not outlive its run. A normal exit and Ctrl-C stop it through {@link #close()} (a shutdown
 * hook covers the latter). A SIGKILLed JVM cannot run hooks, so a small shell watchdog started beside
 * the node stops it when the owning JVM disappears; and should the watchdog be killed too,
 * {@link #reapOrphans(Path)}, called before every start, stops nodes whose owner is gone.
 */
public final class LocalNode implements ControlledBroker {

  static final String DIR_PREFIX = "rmqjmh-";
  private static final String OWNER_FILE = "owner.pid";
  private static final String WRAPPER_FILE = "wrapper.pid";
  private static final String WATCHDOG_FILE = "watchdog.pid";
  /** Written by RabbitMQ itself (RABBITMQ_PID_FILE): the beam.smp process. */
  private static final String BEAM_FILE = "rabbitmq.pid";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final int START_ATTEMPTS = 3;

  private static final String WATCHDOG_SCRIPT = String.join("\n",
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

  private final String nodeName;
  private final Path dir;
  private final Path serverScript;
  private final URI uri;
  private final Process wrapper;
  private final Process watchdog;
  private final Thread shutdownHook;
  private String version;
  private Duration startTime;
  private boolean closed;
  private URI prometheus;
  private Listeners listeners;
  private NodeCertificates certificates;
  /** The plugins enabled so far beyond prometheus: enabling one is a few seconds, so only on demand. */
  private final java.util.Set<String> plugins = new java.util.TreeSet<>();

  private LocalNode(String nodeName, Path dir, Path serverScript, URI uri, Process wrapper, Process watchdog) {
    this.nodeName = nodeName;
    this.serverScript = serverScript;
    this.dir = dir;
    this.uri = uri;
    this.wrapper = wrapper;
    this.watchdog = watchdog;
    this.shutdownHook = new Thread(this::stop, "rabbitmq-jmh-node-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a node and returns once it accepts AMQP connections; throws with its log tail if it cannot. */
  static LocalNode start(Path serverScript, BrokerSettings settings) {
    return start(serverScript, settings, Optional.empty(), settings.localPort(), randomHex(12));
  }

  /**
   * As {@link #start(Path, BrokerSettings)}, with the Erlang cookie {@code cookie} and the password
   * {@code password} (the nodes of a {@link LocalCluster} share both: a node that joins at boot takes
   * the cluster's users, not its own) and the AMQP port {@code givenPort} (else a free one).
   */
  static LocalNode start(Path serverScript, BrokerSettings settings, Optional<String> cookie,
      Optional<Integer> givenPort, String password) {
    int orphans = reapOrphans(settings.nodesDir());
    if (orphans > 0) {
      System.err.println("leftovers: removed " + orphans + " private node" + (orphans == 1 ? "" : "s")
          + " left by an earlier run that was killed (stopped, directory deleted)");
    }
    givenPort.ifPresent(port -> {
      if (!portFree(port)) {
        throw new BrokerException("port " + port + " (-D" + BrokerSettings.LOCAL_PORT + ") is already in use; "
            + "choose a free port or leave -D" + BrokerSettings.LOCAL_PORT + " unset to get one");
      }
    });
    BrokerException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      long t0 = System.nanoTime();
      int port = givenPort.orElseGet(LocalNode::freePort);
      LocalNode node = launch(serverScript, settings, port, freePort(), cookie, password);
      try {
        node.awaitReady(settings.startTimeout());
        node.startTime = Duration.ofNanos(System.nanoTime() - t0);
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

  private static LocalNode launch(Path script, BrokerSettings settings, int port, int distPort,
      Optional<String> cookie, String password) {
    int prometheusPort = freePort();
    java.util.EnumMap<Listener, Integer> ports = new java.util.EnumMap<>(Listener.class);
    for (Listener l : Listener.values()) {
      ports.put(l, l == Listener.AMQP10 ? port : freePort());
    }
    String name = DIR_PREFIX + ProcessHandle.current().pid() + "-" + randomHex(4);
    Path dir = settings.nodesDir().resolve(name);
    NodeCertificates certificates;
    try {
      try {
        Files.createDirectories(dir.resolve("home"));
      } catch (java.nio.file.NoSuchFileException rootJustRemoved) {
        Files.createDirectories(dir.resolve("home")); // another run's stop removed the empty root meanwhile
      }
      Files.writeString(dir.resolve(OWNER_FILE), identity(ProcessHandle.current()));
      if (cookie.isPresent()) {
        // Erlang refuses a cookie file others can read; the node's rabbitmqctl reads it from the same HOME.
        Path file = dir.resolve("home").resolve(".erlang.cookie");
        Files.writeString(file, cookie.get());
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
      }
      // The broker's own metrics, for watching a run (the pace-matching scenario prints the address).
      Files.writeString(dir.resolve("enabled_plugins"), "[rabbitmq_prometheus].\n");
      Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
      List<String> conf = new ArrayList<>(List.of(
          "default_user = rmqjmh",
          "default_pass = " + password,
          "loopback_users = none",
          "log.console = false",
          "log.file.level = info",
          "prometheus.tcp.ip = 127.0.0.1",
          "prometheus.tcp.port = " + prometheusPort));
      // Every protocol's port is chosen now, its plugin enabled only when a trial needs it (enable):
      // ports of plugins not yet loaded can only be set in advanced.config (rabbitmq.conf refuses keys
      // of disabled plugins), and the TLS listener needs its certificates from the start.
      certificates = NodeCertificates.write(dir.resolve("tls"));
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
    } catch (BrokerException e) {
      deleteTree(dir);
      throw e;
    } catch (IOException e) {
      deleteTree(dir);
      throw new BrokerException("cannot prepare the private node's directory " + dir + ": "
          + FileProblems.reason(e));
    }
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
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("console.out").toFile());
    Map<String, String> env = pb.environment();
    env.put("HOME", dir.resolve("home").toString());
    env.put("RABBITMQ_NODENAME", name + "@localhost");
    env.put("RABBITMQ_USE_LONGNAME", "false");
    env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
    env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
    env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
    env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
    env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_PID_FILE", dir.resolve(BEAM_FILE).toString());
    env.remove("RABBITMQ_URI");
    Process wrapper;
    Process watchdog;
    try {
      wrapper = pb.start();
      Files.writeString(dir.resolve(WRAPPER_FILE), identity(wrapper.toHandle()));
      watchdog = new ProcessBuilder("/bin/sh", "-c", WATCHDOG_SCRIPT, "rabbitmq-jmh-watchdog",
          Long.toString(ProcessHandle.current().pid()), dir.toString(), Long.toString(wrapper.pid()),
          defaultRoot(dir) ? dir.getParent().toString() : "")
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectErrorStream(true)
          .start();
      Files.writeString(dir.resolve(WATCHDOG_FILE), identity(watchdog.toHandle()));
    } catch (IOException e) {
      deleteTree(dir);
      throw new BrokerException("cannot run " + script + ": " + e.getMessage());
    }
    LocalNode node = new LocalNode(name + "@localhost", dir, script, Uris.local("rmqjmh", password, port), wrapper,
        watchdog);
    node.prometheus = URI.create("http://127.0.0.1:" + prometheusPort + "/metrics");
    node.listeners = new Listeners("127.0.0.1", ports);
    node.certificates = certificates;
    return node;
  }

  /** The plugins' listeners on the ports chosen, all on the loopback interface like the node itself. */
  static String advancedConfig(Map<Listener, Integer> ports) {
    String ip = "\"127.0.0.1\"";
    return String.join("\n",
        "[{rabbitmq_stream, [{tcp_listeners, [{" + ip + ", " + ports.get(Listener.STREAM) + "}]},",
        "                    {ssl_listeners, [{" + ip + ", " + ports.get(Listener.STREAM_TLS) + "}]},",
        "                    {advertised_host, <<\"127.0.0.1\">>}, {advertised_port, " + ports.get(Listener.STREAM) + "}]},",
        " {rabbitmq_mqtt, [{tcp_listeners, [{" + ip + ", " + ports.get(Listener.MQTT) + "}]}]},",
        " {rabbitmq_stomp, [{tcp_listeners, [{" + ip + ", " + ports.get(Listener.STOMP) + "}]}]},",
        " {rabbitmq_web_stomp, [{tcp_config, [{ip, {127,0,0,1}}, {port, " + ports.get(Listener.WEB_STOMP) + "}]}]},",
        " {rabbitmq_web_mqtt, [{tcp_config, [{ip, {127,0,0,1}}, {port, " + ports.get(Listener.WEB_MQTT) + "}]}]}",
        "].", "");
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!wrapper.isAlive()) {
        throw new BrokerException("the private RabbitMQ node " + nodeName + " exited with code "
            + wrapper.exitValue() + " before it was ready");
      }
      if (listening(uri.getPort())) {
        try {
          version = BrokerProbe.version(uri);
          return;
        } catch (BrokerException notYet) {
          // The listener opens a moment before the node accepts logins; try again shortly.
        }
      }
      sleep(100);
    }
    throw new BrokerException("the private RabbitMQ node " + nodeName + " was not ready within "
        + timeout.toSeconds() + " s (-D" + BrokerSettings.START_TIMEOUT + " sets the limit)");
  }

  @Override
  public BrokerSource source() {
    return BrokerSource.LOCAL;
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public Duration startTime() {
    return startTime;
  }

  public String nodeName() {
    return nodeName;
  }

  public Path directory() {
    return dir;
  }

  /** The beam.smp process, once RabbitMQ wrote its pid file. */
  public Optional<ProcessHandle> beamProcess() {
    return readPid(dir.resolve(BEAM_FILE)).flatMap(ProcessHandle::of);
  }

  @Override
  public Optional<String> cpuSource() {
    return beamProcess().map(p -> BrokerCpu.ofProcess(p.pid()));
  }

  /** The names of the queues on this node, asked of its own rabbitmqctl. */
  public List<String> queueNames() {
    return rabbitmqctl("list_queues", "-q", "--no-table-headers", "name").lines().map(String::strip)
        .filter(l -> !l.isEmpty()).toList();
  }

  @Override
  public Optional<URI> prometheusEndpoint() {
    return Optional.ofNullable(prometheus);
  }


  /** This node's own rabbitmqctl, which needs the node's cookie (in its HOME). */
  @Override
  public String rabbitmqctl(String... args) {
    return cli("rabbitmqctl", args);
  }

  @Override
  public Listeners listeners() {
    return listeners;
  }

  @Override
  public Optional<Path> caFile() {
    return Optional.of(certificates.caFile());
  }

  /**
   * Enables the plugins of {@code needed} not yet enabled, with the node's own rabbitmq-plugins (online:
   * the node starts them without a restart), and waits until every listener accepts connections.
   */
  @Override
  public synchronized void enable(java.util.Collection<Listener> needed) {
    List<String> missing = needed.stream().flatMap(l -> l.plugin().stream()).distinct()
        .filter(p -> !plugins.contains(p)).sorted().toList();
    if (!missing.isEmpty()) {
      List<String> args = new ArrayList<>(List.of("enable"));
      args.addAll(missing);
      cli("rabbitmq-plugins", args.toArray(String[]::new));
      plugins.addAll(missing);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (Listener l : needed) {
      while (!listening(listeners.port(l))) {
        if (System.nanoTime() > deadline) {
          throw new BrokerException("the private node enabled " + l.plugin().orElse("its TLS listener")
              + " but nothing listens on port " + listeners.port(l) + " (" + l.label() + ") after 30 s");
        }
        sleep(100);
      }
    }
  }

  /** The plugins this node was asked to enable, beyond rabbitmq_prometheus. */
  public synchronized java.util.Set<String> enabledPlugins() {
    return java.util.Set.copyOf(plugins);
  }

  private String cli(String tool, String... args) {
    Path ctl = serverScript.resolveSibling(tool);
    List<String> command = new ArrayList<>(List.of(ctl.toString(), "-n", nodeName));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("HOME", dir.resolve("home").toString());
    pb.environment().put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
    // rabbitmq-plugins writes the node's own list (and tells the node), not the system's.
    pb.environment().put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    try {
      Process p = pb.start();
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
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
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: it does the same stop.
    }
    stop();
  }

  private synchronized void stop() {
    if (closed) {
      return;
    }
    closed = true;
    Optional<ProcessHandle> beam = beamProcess();
    if (beam.isEmpty()) {
      beam = wrapper.descendants().filter(p -> p.info().command().orElse("").contains("beam")).findFirst();
    }
    terminate(Optional.of(wrapper.toHandle()), beam, STOP_TIMEOUT);
    watchdog.destroyForcibly();
    deleteTree(dir);
    // The default nodes' root under $TMPDIR too, when no other run's node is in it (a root the user
    // named with -Drabbitmq.local.dir is theirs and stays).
    if (defaultRoot(dir)) {
      try {
        Files.deleteIfExists(dir.getParent());
      } catch (IOException notEmpty) {
        // another run's node lives there
      }
    }
  }

  /** Whether the node's directory sits in the default root under $TMPDIR, which is ours to remove when empty. */
  private static boolean defaultRoot(Path dir) {
    return dir.getParent().equals(BrokerSettings.tempDir().resolve(BrokerSettings.DEFAULT_NODES_DIR));
  }

  /**
   * What the node said about its failure: the first error lines (where RabbitMQ names the cause, e.g. an
   * unknown setting) and the last lines (how it ended), with timestamps and Erlang pids trimmed.
   */
  String logTail(int lines) {
    List<String> all = new ArrayList<>();
    for (Path p : List.of(dir.resolve("console.out"), dir.resolve("log").resolve(nodeName + ".log"))) {
      try {
        if (Files.exists(p)) {
          Files.readAllLines(p).stream().map(l -> LOG_PREFIX.matcher(l).replaceFirst("$1 ").strip())
              .filter(l -> !l.isEmpty()).map(Uris::mask).forEach(all::add);
        }
      } catch (IOException | UncheckedIOException e) {
        // A log we cannot read adds nothing to the message.
      }
    }
    java.util.LinkedHashSet<String> picked = new java.util.LinkedHashSet<>();
    all.stream().filter(l -> l.startsWith("[error]") || l.contains("Error")).limit(lines / 2).forEach(picked::add);
    all.subList(Math.max(0, all.size() - (lines - picked.size())), all.size()).forEach(picked::add);
    return picked.stream().map(l -> "  " + l).collect(java.util.stream.Collectors.joining("\n"));
  }

  private static final java.util.regex.Pattern LOG_PREFIX =
      java.util.regex.Pattern.compile("^\\d{4}-\\d\\d-\\d\\d[ T][0-9:.]+[+-]\\d\\d:\\d\\d (\\[\\w+\\]) <[0-9.]+> ?");

  /**
   * Stops and removes every node in {@code nodesDir} whose owning JVM is gone. A node whose owner still
   * runs (a parallel run, another test JVM) is left alone.
   */
  public static int reapOrphans(Path nodesDir) {
    if (!Files.isDirectory(nodesDir)) {
      return 0;
    }
    int reaped = 0;
    try (var dirs = Files.list(nodesDir)) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        if (!dir.getFileName().toString().startsWith(DIR_PREFIX) || ownerAlive(dir)) {
          continue;
        }
        alive(dir.resolve(WATCHDOG_FILE)).ifPresent(ProcessHandle::destroyForcibly);
        Optional<ProcessHandle> beam = readPid(dir.resolve(BEAM_FILE)).flatMap(ProcessHandle::of)
            .filter(p -> p.info().arguments().map(a -> String.join(" ", a)).orElse("")
                .contains(dir.toString()));
        terminate(alive(dir.resolve(WRAPPER_FILE)), beam, Duration.ofSeconds(5));
        deleteTree(dir);
        reaped++;
      }
    } catch (IOException e) {
      return reaped;
    }
    return reaped;
  }

  private static boolean ownerAlive(Path dir) {
    // A directory being set up has no owner file yet; give it the benefit of the doubt for a minute.
    if (!Files.exists(dir.resolve(OWNER_FILE))) {
      try {
        return Files.getLastModifiedTime(dir).toMillis() > System.currentTimeMillis() - 60_000;
      } catch (IOException e) {
        return false;
      }
    }
    return alive(dir.resolve(OWNER_FILE)).isPresent();
  }

  /** The process named in a "pid startMillis" file, if it still runs and is the same process. */
  private static Optional<ProcessHandle> alive(Path file) {
    try {
      String[] parts = Files.readString(file).trim().split("\\s+");
      long pid = Long.parseLong(parts[0]);
      long started = parts.length > 1 ? Long.parseLong(parts[1]) : -1;
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> started < 0
          || p.info().startInstant().map(i -> Math.abs(i.toEpochMilli() - started) < 2_000).orElse(true));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String identity(ProcessHandle p) {
    return p.pid() + " " + p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L) + "\n";
  }

  private static Optional<Long> readPid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).trim().split("\\s+")[0]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
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
      sleep(50);
    }
  }

  static boolean portFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new BrokerException("cannot find a free local port: " + e.getMessage());
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void deleteTree(Path root) {
    for (int attempt = 0; attempt < 5 && Files.exists(root); attempt++) {
      try (var paths = Files.walk(root)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // A file appeared or vanished while walking (a node writing its last log line): walk again.
      }
      if (Files.exists(root)) {
        sleep(100);
      }
    }
  }

  static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerException("interrupted while waiting for the private RabbitMQ node");
    }
  }
}
