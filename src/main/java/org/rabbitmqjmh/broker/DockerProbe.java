package org.rabbitmqjmh.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers. A function so the broker decision can be tested without Docker. */
@FunctionalInterface
public interface DockerProbe {

  boolean dockerReachable();

  /**
   * Asks Testcontainers, but only where some Docker endpoint is configured at all: with no socket and no
   * DOCKER_HOST its strategy search would only add seconds and log noise before saying no.
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
      try {
        return DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        return false;
      }
    };
  }
}
