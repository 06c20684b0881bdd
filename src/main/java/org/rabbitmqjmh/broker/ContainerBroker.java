package org.rabbitmqjmh.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A RabbitMQ node in a container, started through Testcontainers on the engine's host network: the same
 * node a {@link LocalNode} is (its {@link NodeDirectory}, mounted at its own path, gives it its config,
 * ports on 127.0.0.1, TLS certificates, data and logs), with the image's RabbitMQ in place of the
 * installed one. So everything the private node does, the container does: the cross-check's metrics,
 * every protocol's listener, rabbitmqctl (run in the container), clusters and failover.
 */
final class ContainerBroker extends StartedNode {

    private static final int START_ATTEMPTS = 3;

    private final HostContainer container;
    private final String image;
    private final StopOnExit stopOnExit;
    private final Plugins plugins = new Plugins();

    private ContainerBroker(HostContainer container, NodeDirectory files, String image) {
        super(files);
        this.container = container;
        this.image = image;
        this.stopOnExit = new StopOnExit("rabbitmq-jmh-container-stop", this::stop);
    }

    /** A single node. */
    static ContainerBroker start(BrokerSettings settings) {
        return start(settings, Optional.empty(), Secrets.hex(12), Optional.empty(), settings.localPort());
    }

    /**
     * A node with the Erlang cookie {@code cookie} and {@code password} (a cluster's nodes share both),
     * registering with the epmd at {@code epmdPort} (a cluster's own), else with one of its own, listening
     * for AMQP on {@code port} (else a free one).
     */
    static ContainerBroker start(
            BrokerSettings settings,
            Optional<String> cookie,
            String password,
            Optional<Integer> epmdPort,
            Optional<Integer> port) {
        Leftovers.removeContainers();
        Leftovers.removeNodes(settings.nodesDir());
        HostContainer.requireImage(settings.image());
        BrokerException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            long t0 = System.nanoTime();
            NodeDirectory files = NodeDirectory.prepare(settings, port.orElseGet(Ports::free), cookie, password, true);
            ContainerBroker broker = launch(settings, files, epmdPort);
            try {
                String version = broker.awaitReady(settings.startTimeout());
                broker.answered(version, Duration.ofNanos(System.nanoTime() - t0));
                return broker;
            } catch (BrokerException e) {
                String log = files.logTail(12);
                boolean exited = !broker.container.running();
                broker.close();
                last = new BrokerException(e.getMessage() + (log.isEmpty() ? "" : "; last lines of its log:\n" + log));
                // A node that exits at once lost a race for one of the free ports it was given (the host's
                // network is shared): new ports, as for a private node. One that is slow is not retried.
                if (!exited || port.isPresent() || epmdPort.isPresent()) {
                    throw last;
                }
            }
        }
        throw last;
    }

    private static ContainerBroker launch(BrokerSettings settings, NodeDirectory files, Optional<Integer> epmdPort) {
        Map<String, String> env = new LinkedHashMap<>(files.environment());
        // The node's epmd: a port of its own (inside its container, gone with it), or the cluster's.
        env.put("ERL_EPMD_PORT", Integer.toString(epmdPort.orElseGet(Ports::free)));
        env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        // The log in the node's directory (for a failure's last lines) as well as on stdout (log.console):
        // the images' RABBITMQ_LOGS=- would send it to stdout only.
        env.put(
                "RABBITMQ_LOGS",
                files.path().resolve("log").resolve(files.nodeName() + ".log").toString());
        try {
            return new ContainerBroker(
                    HostContainer.start(
                            settings.image(),
                            files.name(),
                            env,
                            Optional.of(files.path()),
                            settings.cpus(),
                            "rabbitmq-server"),
                    files,
                    settings.image());
        } catch (BrokerException e) {
            files.delete();
            throw e;
        }
    }

    /** The node's version once it accepts logins. */
    private String awaitReady(Duration timeout) {
        String what = "the RabbitMQ container " + files.name() + " (" + image + ")";
        return BrokerProbe.awaitVersion(files.amqpPort(), uri(), timeout, what, () -> {
            if (!container.running()) {
                throw new BrokerException(what + " exited before it was ready");
            }
        });
    }

    /** Removes the containers of runs that were killed; the count, for {@link Leftovers}. */
    static int removeOrphans() {
        return HostContainer.removeOrphans();
    }

    @Override
    public BrokerSource source() {
        return BrokerSource.CONTAINER;
    }

    @Override
    public String describe() {
        return String.format(
                "broker: container (%s, host network) at %s, RabbitMQ %s, ready in %.1f s",
                image, Uris.mask(uri()), version(), startTime().toMillis() / 1000.0);
    }

    String nodeName() {
        return files.nodeName();
    }

    /** The container's cgroup (v2 or v1), which counts every process in it; else its Erlang VM's threads. */
    @Override
    public Optional<String> cpuSource() {
        Optional<String> cgroup = container.pid().flatMap(BrokerCpu::ofCgroupOf);
        if (cgroup.isPresent()) {
            return cgroup;
        }
        return files.beamPid().flatMap(ProcessHandle::of).map(p -> BrokerCpu.ofProcess(p.pid()));
    }

    /** Enables the plugins in the container (online) and waits for their ports to answer. */
    @Override
    public void enable(Collection<Listener> needed) {
        plugins.enable(needed, missing -> {
            List<String> command = new ArrayList<>(List.of("rabbitmq-plugins", "enable"));
            command.addAll(missing);
            container.exec(command.toArray(String[]::new));
        });
        listeners().awaitListening(needed, "the container", Duration.ofSeconds(30));
    }

    /** The container's cpuset: the kernel moves every thread of it, whatever affinity each had. */
    @Override
    public void moveTo(String cpus) {
        container.moveTo(cpus);
    }

    /** rabbitmqctl in the container, which has the node's environment (its HOME holds the cookie). */
    @Override
    public String rabbitmqctl(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "rabbitmqctl";
        System.arraycopy(args, 0, command, 1, args.length);
        return container.exec(command);
    }

    /** Kills the container at once, as a crash would: the fault tests' and a failover's broker loss. */
    void kill() {
        container.kill();
    }

    /** The node's Erlang VM as the host sees it ({@code --pid host}). */
    Optional<Long> beamPid() {
        return files.beamPid();
    }

    String containerId() {
        return container.id();
    }

    @Override
    public void close() {
        stopOnExit.run();
    }

    private void stop() {
        container.close();
        files.delete();
    }
}
