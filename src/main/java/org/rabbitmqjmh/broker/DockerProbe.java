package org.rabbitmqjmh.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers. A function so the broker decision can be tested without Docker. */
@FunctionalInterface
public interface DockerProbe {

    /** How long Testcontainers may take to answer: it starts its reaper then, and may try to pull it. */
    long TIMEOUT_SECONDS = Long.getLong("rabbitmq.docker.timeout", 20);

    boolean dockerReachable();

    /** What to do about the commonest reason Testcontainers says no here, or "". */
    static String hint() {
        boolean inContainer =
                Files.exists(Path.of("/.dockerenv")) && System.getenv("TESTCONTAINERS_HOST_OVERRIDE") == null;
        return inContainer
                ? " (in a container, a file /.dockerenv, it looks for the engine's bridge network to find "
                        + "its host: set TESTCONTAINERS_HOST_OVERRIDE=localhost; the suite's containers share this machine's "
                        + "network)"
                : "";
    }

    /**
     * Asks Testcontainers, but only where some Docker endpoint is configured at all (with no socket and no
     * DOCKER_HOST its strategy search would only add seconds and log noise before saying no), and for at
     * most {@link #TIMEOUT_SECONDS}: where the engine cannot pull Testcontainers' reaper image, it retries
     * for minutes (TESTCONTAINERS_RYUK_DISABLED=true turns the reaper off; the suite removes its containers
     * itself). A probe that times out says so in one line and answers no.
     */
    static DockerProbe system() {
        return () -> {
            boolean configured = System.getenv("DOCKER_HOST") != null
                    || Files.exists(Path.of("/var/run/docker.sock"))
                    || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
                    || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
            if (!configured) {
                return false;
            }
            CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return DockerClientFactory.instance().isDockerAvailable();
                        } catch (RuntimeException | LinkageError e) {
                            return false;
                        }
                    },
                    r -> {
                        Thread t = new Thread(r, "rabbitmq-jmh-docker-probe");
                        t.setDaemon(true);
                        t.start();
                    });
            try {
                boolean yes = answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (!yes) {
                    System.err.println("broker: a Docker engine is configured here but Testcontainers cannot use it"
                            + hint() + "; not using containers");
                }
                return yes;
            } catch (TimeoutException e) {
                System.err.println(
                        "broker: the Docker engine did not answer Testcontainers within " + TIMEOUT_SECONDS
                                + " s (its reaper image may not be pullable here: set TESTCONTAINERS_RYUK_DISABLED=true); not using it");
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                return false;
            }
        };
    }
}
