package org.rabbitmqjmh.broker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * One container the suite starts through Testcontainers on the engine's host network: no bridge, no
 * docker-proxy and no NAT in the measured path, every port on 127.0.0.1 chosen by the suite. It runs as
 * this process's user (so the files it writes in the mounted node directory are ours to delete), sees
 * the host's processes ({@code --pid host}), and carries its owner's identity as a label.
 *
 * <p>It must not outlive its run, Testcontainers' reaper or not (many engines cannot pull it, many
 * companies switch it off): its command is wrapped in a watchdog that stops it within a second or two
 * of its owner's exit, the engine removes it once stopped, and {@link #removeOrphans()} removes, before
 * any start, a container whose owner is gone.
 */
final class HostContainer implements AutoCloseable {

    static final String OWNER_LABEL = "org.rabbitmqjmh.owner";
    static final String DIR_LABEL = "org.rabbitmqjmh.dir";
    /** Pulling an image may take minutes; one that is not here and not pullable at once is refused quickly. */
    static final Duration PULL_TIMEOUT = Duration.ofSeconds(Long.getLong("rabbitmq.image.pull.timeout", 20));

    /**
     * $1 owner pid, $2 directory that ends the container when removed; then the command and its arguments.
     * The node's own process (RABBITMQ_PID_FILE, a host pid: {@code --pid host}) is stopped before the
     * directory is removed, or it would write into it while it goes.
     */
    private static final String WATCHDOG = String.join(
            "\n",
            "owner=$1; dir=$2; shift 2",
            "trap 'kill -TERM $child 2>/dev/null' TERM INT",
            "\"$@\" & child=$!",
            "while kill -0 \"$owner\" 2>/dev/null && kill -0 \"$child\" 2>/dev/null && { [ -z \"$dir\" ] || [ -d \"$dir\" ]; }; do sleep 1; done",
            "beam=$(cat \"${RABBITMQ_PID_FILE:-/nonexistent}\" 2>/dev/null)",
            "kill -TERM \"$child\" $beam 2>/dev/null",
            "i=0; while { kill -0 \"$child\" || { [ -n \"$beam\" ] && kill -0 \"$beam\"; }; } 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done",
            "kill -KILL \"$child\" $beam 2>/dev/null",
            "if [ -n \"$dir\" ] && ! kill -0 \"$owner\" 2>/dev/null; then",
            "  i=0; while [ -d \"$dir\" ] && [ $i -lt 20 ]; do rm -rf \"$dir\" 2>/dev/null; sleep 0.1; i=$((i+1)); done",
            "fi",
            "exit 0");

    private final GenericContainer<?> container;

    private HostContainer(GenericContainer<?> container) {
        this.container = container;
    }

    /**
     * Starts {@code command} in {@code image}, named {@code name}, with {@code env}; {@code dir} (when
     * given) reachable at its own path (its parent is mounted) and watched: its removal ends the container.
     */
    static HostContainer start(
            String image,
            String name,
            Map<String, String> env,
            Optional<Path> dir,
            Optional<String> cpus,
            String... command) {
        requireHostNetwork();
        requireImage(image);
        String owner = OwnerProcess.identity(ProcessHandle.current()).strip();
        // sh -c WATCHDOG $0 $1=owner $2=dir COMMAND...
        List<String> watched = new ArrayList<>(List.of(
                "sh",
                "-c",
                WATCHDOG,
                "rabbitmq-jmh-watchdog",
                Long.toString(ProcessHandle.current().pid()),
                dir.map(Path::toString).orElse("")));
        watched.addAll(List.of(command));
        String user = user();
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("host")
                .withEnv(env)
                .withLabel(OWNER_LABEL, owner)
                .withCommand(watched.toArray(String[]::new))
                .withStartupTimeout(Duration.ofSeconds(60));
        dir.ifPresent(d -> c.withLabel(DIR_LABEL, d.toString()));
        c.setExposedPorts(List.of());
        c.setWaitStrategy(new AbstractWaitStrategy() {
            @Override
            protected void waitUntilReady() {
                // The caller knows what ready means (an AMQP login, a listening port) and waits for it.
            }
        });
        c.withCreateContainerCmdModifier(cmd -> {
            cmd.withName(name).withUser(user).withEntrypoint(List.of());
            var host = cmd.getHostConfig();
            host.withPidMode("host").withAutoRemove(true);
            // The nodes' root, not the node's own directory: a mount point cannot be removed from inside, and
            // the watchdog removes the node's directory when its owner is gone.
            dir.map(Path::getParent).ifPresent(d -> host.withBinds(new Bind(d.toString(), new Volume(d.toString()))));
            cpus.ifPresent(host::withCpusetCpus);
        });
        try {
            c.start();
        } catch (RuntimeException e) {
            c.stop();
            throw new BrokerException("the container " + name + " (" + image + ") did not start: " + firstLine(e));
        }
        return new HostContainer(c);
    }

    /** Runs a command in the container; its standard output, or one line with its error. */
    String exec(String... command) {
        try {
            var result = container.execInContainer(command);
            if (result.getExitCode() != 0) {
                String err = (result.getStderr() + result.getStdout()).strip();
                throw new BrokerException(command[0] + " " + (command.length > 1 ? command[1] : "")
                        + " failed in the container: " + Uris.mask(err));
            }
            return result.getStdout();
        } catch (IOException | RuntimeException e) {
            if (e instanceof BrokerException b) {
                throw b;
            }
            throw new BrokerException("cannot run " + command[0] + " in the container: " + firstLine(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while running " + command[0] + " in the container");
        }
    }

    /** {@code docker update --cpuset-cpus}: the container's processes may run on these CPUs only. */
    void moveTo(String cpus) {
        try {
            docker().updateContainerCmd(container.getContainerId())
                    .withCpusetCpus(cpus)
                    .exec();
        } catch (RuntimeException e) {
            throw new BrokerException("cannot move the container to CPUs " + cpus + ": " + firstLine(e));
        }
    }

    boolean running() {
        try {
            return Boolean.TRUE.equals(docker().inspectContainerCmd(container.getContainerId())
                    .exec()
                    .getState()
                    .getRunning());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The container's main process as the host sees it. */
    Optional<Long> pid() {
        try {
            Long pid = container.getContainerInfo().getState().getPidLong();
            return pid == null || pid <= 0 ? Optional.empty() : Optional.of(pid);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    String id() {
        return container.getContainerId();
    }

    String logs() {
        try {
            return container.getLogs();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Kills the container now (the fault tests' broker crash, a failover's killed node). */
    void kill() {
        try {
            docker().killContainerCmd(container.getContainerId()).exec();
        } catch (NotFoundException | ConflictException gone) {
            // already stopped (and removed)
        }
    }

    /** Stops the container and returns once the engine has removed it (at most 15 s). */
    @Override
    public void close() {
        String id = container.getContainerId();
        try {
            container.stop();
        } catch (RuntimeException alreadyRemoved) {
            // --rm removed it as it stopped
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (id != null && System.nanoTime() < deadline) {
            try {
                docker().inspectContainerCmd(id).exec();
            } catch (NotFoundException gone) {
                return;
            } catch (RuntimeException engineGone) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static volatile boolean engineAnswered;

    /**
     * Testcontainers' client, once it answered within {@link DockerProbe#TIMEOUT_SECONDS}: its first use
     * starts its reaper, which an engine that cannot pull the reaper's image retries for minutes.
     */
    static DockerClient docker() {
        if (!engineAnswered) {
            synchronized (HostContainer.class) {
                if (!engineAnswered && !DockerProbe.system().dockerReachable()) {
                    throw new BrokerException(
                            "no Docker engine answered Testcontainers (within " + DockerProbe.TIMEOUT_SECONDS
                                    + " s)" + DockerProbe.hint()
                                    + "; start an engine (dockerd), set TESTCONTAINERS_RYUK_DISABLED=true where its reaper image cannot be "
                                    + "pulled, or choose another broker (-D" + BrokerSettings.BROKER + "=local)");
                }
                engineAnswered = true;
            }
        }
        return DockerClientFactory.instance().client();
    }

    /**
     * The image, from the engine's own store or pulled within {@link #PULL_TIMEOUT}; else one line that says
     * how to make it (a registry this machine cannot reach would otherwise be retried for minutes).
     */
    static void requireImage(String image) {
        DockerClient docker = docker();
        try {
            docker.inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException notHere) {
            // try to pull it
        }
        try {
            boolean done =
                    docker.pullImageCmd(image).start().awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            docker.inspectImageCmd(image).exec();
            if (done) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException pullFailed) {
            // said below
        }
        throw new MissingImageException(
                "the image " + image + " is not in the Docker engine and could not be pulled within "
                        + PULL_TIMEOUT.toSeconds()
                        + " s; build the suite's images with deploy/images/build (RabbitMQ 3.10.8 and 4.0.5 "
                        + "from Debian's packages) or name another with -D" + BrokerSettings.IMAGE);
    }

    /**
     * Host networking shares the machine's loopback with the container only on a Linux engine; Docker
     * Desktop runs its engine in a VM of its own, where 127.0.0.1 is the VM's.
     */
    static void requireHostNetwork() {
        String os;
        try {
            os = String.valueOf(docker().infoCmd().exec().getOperatingSystem());
        } catch (RuntimeException e) {
            return; // the start itself will say what is wrong
        }
        if (os.contains("Docker Desktop") || !System.getProperty("os.name", "").startsWith("Linux")) {
            throw new MissingImageException("the Docker engine here (" + os
                    + ") cannot give a container this machine's "
                    + "loopback (host networking needs a Linux engine); run a private node (-D" + BrokerSettings.BROKER
                    + "=local) or point RABBITMQ_URI at a broker");
        }
    }

    /** The image missing, or an engine that cannot run it here: in auto mode the resolver uses a private node. */
    static final class MissingImageException extends BrokerException {
        MissingImageException(String message) {
            super(message);
        }
    }

    /**
     * Removes every container of the suite's whose owner is gone, and its node directory: what a killed
     * run's watchdog did not get to (the watchdog killed too, or the engine restarted).
     */
    static int removeOrphans() {
        DockerClient docker = docker();
        int removed = 0;
        List<Container> ours = docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(OWNER_LABEL))
                .exec();
        for (Container c : ours) {
            String owner = c.getLabels().getOrDefault(OWNER_LABEL, "");
            if (OwnerProcess.alive(owner).isPresent()) {
                continue;
            }
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            } catch (DockerException gone) {
                // removed meanwhile (its watchdog, --rm)
            }
            Optional.ofNullable(c.getLabels().get(DIR_LABEL))
                    .map(Path::of)
                    .filter(Files::isDirectory)
                    .ifPresent(NodeDirectory::delete);
            removed++;
        }
        return removed;
    }

    /** This process's user and group (the owner of /proc/self): the container runs as them. */
    private static String user() {
        try {
            Path self = Path.of("/proc/self");
            return Files.getAttribute(self, "unix:uid") + ":" + Files.getAttribute(self, "unix:gid");
        } catch (IOException | RuntimeException e) {
            return "0:0";
        }
    }

    static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return Uris.mask(m).lines().findFirst().orElse("");
    }
}
